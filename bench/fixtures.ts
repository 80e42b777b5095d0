/**
 * Synthetic Clerk sessions in the wire format (snake_case, unix ms), deterministic so every side decodes the
 * same bytes. Every other session has a `latest_activity`, an actor and an organization, so optional paths are hit.
 */
const base = 1_700_000_000_000

export const sessionId = (i: number) => `sess_${i.toString(36).padStart(27, "0")}`

export const sessionJson = (i: number) => ({
  object: "session",
  id: sessionId(i),
  user_id: `user_${(i % 997).toString(36).padStart(27, "0")}`,
  client_id: `client_${(i % 991).toString(36).padStart(25, "0")}`,
  actor: i % 2 === 0 ? null : { sub: "user_admin" },
  status: i % 7 === 0 ? "ended" : "active",
  last_active_organization_id: i % 2 === 0 ? null : `org_${(i % 13).toString(36).padStart(27, "0")}`,
  last_active_at: base + i * 1000,
  latest_activity: i % 2 === 0
    ? null
    : {
      object: "session_activity",
      id: `sess_activity_${i.toString(36)}`,
      device_type: "Macintosh",
      is_mobile: false,
      browser_name: "Chrome",
      browser_version: "131.0.0.0",
      ip_address: "203.0.113.7",
      city: "Lisbon",
      country: "PT"
    },
  expire_at: base + i * 1000 + 604_800_000,
  abandon_at: base + i * 1000 + 2_592_000_000,
  updated_at: base + i * 1000 + 500,
  created_at: base + i * 1000 - 60_000
})

/** A `GET /sessions?paginated=true` body: sessions `offset..offset+limit` of `total`. */
export const pageJson = (offset: number, limit: number, total: number) => {
  const data = []
  for (let i = offset; i < Math.min(offset + limit, total); i++) data.push(sessionJson(i))
  return { data, total_count: total }
}
