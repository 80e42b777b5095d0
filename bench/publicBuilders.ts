/**
 * effect's public constructors as builders of effect-clerk's fast decoder (src/internal/fastDecode.ts), in place of
 * its two shortcuts: what each shortcut saves is measured with these (decodeChild.ts, table 3).
 */
import * as DateTime from "effect/DateTime"
import { Session, SessionActivity, SessionPage } from "../src/index.js"
import { type Builders, layoutBuilders, makeFastDecoders } from "../src/internal/fastDecode.js"

/** effect's public constructors, as builders of the fast decoder (a `function` called with `new` may answer any object). */
export const publicBuilders: Builders = {
  Utc: function(epochMillis: number) {
    return DateTime.unsafeFromDate(new Date(epochMillis))
  } as unknown as Builders["Utc"],
  Activity: function(
    ...[object, id, isMobile, deviceType, browserName, browserVersion, ipAddress, city, country]: ConstructorParameters<
      Builders["Activity"]
    >
  ) {
    return new SessionActivity(
      { object, id, isMobile, deviceType, browserName, browserVersion, ipAddress, city, country },
      true
    )
  } as unknown as Builders["Activity"],
  Session: function(
    ...[
      id,
      userId,
      clientId,
      actor,
      status,
      lastActiveOrganizationId,
      lastActiveAt,
      latestActivity,
      expireAt,
      abandonAt,
      updatedAt,
      createdAt
    ]: ConstructorParameters<Builders["Session"]>
  ) {
    return new Session({
      object: "session",
      id,
      userId,
      clientId,
      actor,
      status,
      lastActiveOrganizationId,
      lastActiveAt,
      latestActivity,
      expireAt,
      abandonAt,
      updatedAt,
      createdAt
    }, true)
  } as unknown as Builders["Session"],
  Page: function(...[data, totalCount]: ConstructorParameters<Builders["Page"]>) {
    return new SessionPage({ data, totalCount }, true)
  } as unknown as Builders["Page"]
}

const { Utc, ...classes } = publicBuilders

/** The fast decoder of a page with the given builders: effect-clerk's own, or public ones in place of its shortcuts. */
export const variants = {
  layout: () => makeFastDecoders(layoutBuilders).sessionPage,
  publicDateTimes: () => makeFastDecoders({ ...layoutBuilders, Utc }).sessionPage,
  publicClasses: () => makeFastDecoders({ ...layoutBuilders, ...classes }).sessionPage,
  allPublic: () => makeFastDecoders(publicBuilders).sessionPage
}

export type Variant = keyof typeof variants
