import { createClerkClient } from "@clerk/backend"
import { isClerkAPIResponseError } from "@clerk/backend/errors"
import { assert, describe, type Vitest } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import * as ClerkEmulator from "../../../src/emulator/ClerkEmulator.js"
import * as LoopbackServer from "../../../src/emulator/LoopbackServer.js"
import * as Seed from "../../../src/emulator/Seed.js"
import { checkResponse } from "../support/Description.js"

/**
 * @clerk/backend on a loopback port, behind a handler that checks every answer against the description (but for
 * `DELETE /v1/invitations/{id}`, which @clerk/backend calls and the description does not list); the problems found
 * are checked when the test's scope closes.
 */
const clerkClient = Effect.gen(function*() {
  const emulator = yield* ClerkEmulator.ClerkEmulator
  yield* emulator.seed({ users: 3, sessionsPerUser: 1 })
  const problems: Array<string> = []
  const checking = async (request: Request) => {
    const response = await emulator.handler(request)
    const path = new URL(request.url).pathname + new URL(request.url).search
    if (!(request.method === "DELETE" && path.startsWith("/v1/invitations/"))) {
      const text = await response.clone().text()
      const problem = checkResponse(request.method, path, response.status, text === "" ? undefined : JSON.parse(text))
      if (problem !== undefined) problems.push(`${request.method} ${path}: ${problem}`)
    }
    return response
  }
  const { url } = yield* LoopbackServer.listen(checking)
  yield* Effect.addFinalizer(() => Effect.sync(() => assert.deepStrictEqual(problems, [])))
  return { emulator, clerk: createClerkClient({ secretKey: Redacted.value(emulator.secretKey), apiUrl: url }) }
})

const run = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const rejection = (promise: () => Promise<unknown>) =>
  Effect.promise(() => promise().then(() => assert.fail("expected a rejection"), (error: unknown) => error))

const status = (error: unknown) => isClerkAPIResponseError(error) ? [error.status, error.errors[0]?.code] : error

export const suite = (it: Vitest.MethodsNonLive<ClerkEmulator.ClerkEmulator, true>) =>
  describe("@clerk/backend 3.25: users, organizations, memberships and invitations", () => {
    it.scoped("users: createUser → getUser → getUserList/getCount → updateUser(+metadata) → deleteUser", () =>
      Effect.gen(function*() {
        const { clerk } = yield* clerkClient
        const user = yield* run(() =>
          clerk.users.createUser({
            emailAddress: ["Ruth@Example.com"],
            firstName: "Ruth",
            lastName: "Teitelbaum",
            username: "ruth",
            password: "eniac-1946-programmer",
            publicMetadata: { team: "eniac" }
          })
        )
        assert.match(user.id, /^user_/)
        assert.strictEqual(user.primaryEmailAddress?.emailAddress, "ruth@example.com")
        assert.strictEqual(user.emailAddresses[0]?.verification?.status, "verified")
        assert.deepStrictEqual(user.publicMetadata, { team: "eniac" })
        assert.isTrue(user.passwordEnabled)

        const got = yield* run(() => clerk.users.getUser(user.id))
        assert.strictEqual(got.fullName, "Ruth Teitelbaum")
        assert.strictEqual(got.username, "ruth")

        const list = yield* run(() => clerk.users.getUserList({ emailAddress: ["ruth@example.com"] }))
        assert.strictEqual(list.totalCount, 1)
        assert.deepStrictEqual(list.data.map((u) => u.id), [user.id])
        const all = yield* run(() => clerk.users.getUserList({ orderBy: "+created_at", limit: 2, offset: 1 }))
        assert.strictEqual(all.totalCount, 4)
        assert.deepStrictEqual(all.data.map((u) => u.id), [Seed.userId(1), Seed.userId(2)])
        assert.strictEqual(yield* run(() => clerk.users.getCount({ query: "ruth" })), 1)

        const updated = yield* run(() =>
          clerk.users.updateUser(user.id, { lastName: "Lichterman", publicMetadata: { team: "history" } })
        )
        assert.strictEqual(updated.lastName, "Lichterman")
        assert.deepStrictEqual(updated.publicMetadata, { team: "history" })
        const merged = yield* run(() => clerk.users.updateUserMetadata(user.id, { privateMetadata: { id: 6 } }))
        assert.deepStrictEqual(merged.privateMetadata, { id: 6 })
        assert.isTrue((yield* run(() => clerk.users.banUser(user.id))).banned)
        assert.isFalse((yield* run(() => clerk.users.unbanUser(user.id))).banned)

        const taken = yield* rejection(() => clerk.users.createUser({ emailAddress: ["ruth@example.com"] }))
        assert.deepStrictEqual(status(taken), [422, "form_identifier_exists"])

        const deleted = yield* run(() => clerk.users.deleteUser(user.id))
        assert.strictEqual(deleted.id, user.id)
        assert.deepStrictEqual(status(yield* rejection(() => clerk.users.getUser(user.id))), [
          404,
          "resource_not_found"
        ])
      }))

    it.scoped("email addresses and phone numbers: create, get, update, delete", () =>
      Effect.gen(function*() {
        const { clerk } = yield* clerkClient
        const userId = Seed.userId(0)
        const email = yield* run(() =>
          clerk.emailAddresses.createEmailAddress({ userId, emailAddress: "ada@work.example", verified: true })
        )
        assert.strictEqual(email.emailAddress, "ada@work.example")
        assert.deepStrictEqual(email.linkedTo, [])
        const primary = yield* run(() => clerk.emailAddresses.updateEmailAddress(email.id, { primary: true }))
        assert.strictEqual(primary.id, email.id)
        assert.strictEqual((yield* run(() => clerk.users.getUser(userId))).primaryEmailAddressId, email.id)
        const phone = yield* run(() => clerk.phoneNumbers.createPhoneNumber({ userId, phoneNumber: "+15555550177" }))
        assert.strictEqual((yield* run(() => clerk.phoneNumbers.getPhoneNumber(phone.id))).phoneNumber, "+15555550177")
        assert.strictEqual((yield* run(() => clerk.phoneNumbers.deletePhoneNumber(phone.id))).id, phone.id)
        assert.strictEqual((yield* run(() => clerk.emailAddresses.deleteEmailAddress(email.id))).id, email.id)
      }))

    it.scoped("organizations: create → get by id and slug → list → update(+metadata) → delete", () =>
      Effect.gen(function*() {
        const { clerk } = yield* clerkClient
        const creator = Seed.userId(0)
        const organization = yield* run(() =>
          clerk.organizations.createOrganization({
            name: "Analytical Engines",
            createdBy: creator,
            maxAllowedMemberships: 10
          })
        )
        assert.strictEqual(organization.slug, "analytical-engines")
        assert.strictEqual(organization.maxAllowedMemberships, 10)
        const byId = yield* run(() => clerk.organizations.getOrganization({ organizationId: organization.id }))
        const bySlug = yield* run(() =>
          clerk.organizations.getOrganization({ slug: "analytical-engines", includeMembersCount: true })
        )
        assert.strictEqual(byId.name, "Analytical Engines")
        assert.strictEqual(bySlug.id, organization.id)
        assert.strictEqual(bySlug.membersCount, 1)
        const list = yield* run(() => clerk.organizations.getOrganizationList({ query: "engines" }))
        assert.strictEqual(list.totalCount, 1)
        assert.strictEqual(list.data[0]?.id, organization.id)
        const updated = yield* run(() => clerk.organizations.updateOrganization(organization.id, { name: "Engines" }))
        assert.strictEqual(updated.name, "Engines")
        const metadata = yield* run(() =>
          clerk.organizations.updateOrganizationMetadata(organization.id, { publicMetadata: { plan: "pro" } })
        )
        assert.deepStrictEqual(metadata.publicMetadata, { plan: "pro" })
        const deleted = yield* run(() => clerk.organizations.deleteOrganization(organization.id))
        assert.strictEqual(deleted.id, organization.id)
        const gone = yield* rejection(() => clerk.organizations.getOrganization({ organizationId: organization.id }))
        assert.deepStrictEqual(status(gone), [404, "resource_not_found"])
      }))

    it.scoped("memberships: create → list (organization, user, instance) → update role and metadata → delete", () =>
      Effect.gen(function*() {
        const { clerk } = yield* clerkClient
        const [admin, member] = [Seed.userId(0), Seed.userId(1)]
        const organization = yield* run(() =>
          clerk.organizations.createOrganization({ name: "Members", createdBy: admin })
        )
        const organizationId = organization.id
        const membership = yield* run(() =>
          clerk.organizations.createOrganizationMembership({ organizationId, userId: member, role: "org:member" })
        )
        assert.strictEqual(membership.role, "org:member")
        assert.strictEqual(membership.publicUserData?.userId, member)
        assert.strictEqual(membership.publicUserData?.firstName, "Grace")
        assert.strictEqual(membership.organization.id, organizationId)
        const list = yield* run(() => clerk.organizations.getOrganizationMembershipList({ organizationId }))
        assert.strictEqual(list.totalCount, 2)
        assert.deepStrictEqual(list.data.map((m) => m.publicUserData?.userId).sort(), [admin, member].sort())
        const ofUser = yield* run(() => clerk.users.getOrganizationMembershipList({ userId: member }))
        assert.deepStrictEqual(ofUser.data.map((m) => m.organization.id), [organizationId])
        const all = yield* run(() => clerk.organizations.getInstanceOrganizationMembershipList({ limit: 100 }))
        assert.isTrue(all.data.some((m) => m.id === membership.id))
        const promoted = yield* run(() =>
          clerk.organizations.updateOrganizationMembership({ organizationId, userId: member, role: "org:admin" })
        )
        assert.strictEqual(promoted.role, "org:admin")
        const tagged = yield* run(() =>
          clerk.organizations.updateOrganizationMembershipMetadata({
            organizationId,
            userId: member,
            publicMetadata: { desk: 7 }
          })
        )
        assert.deepStrictEqual(tagged.publicMetadata, { desk: 7 })
        const removed = yield* run(() =>
          clerk.organizations.deleteOrganizationMembership({ organizationId, userId: member })
        )
        assert.strictEqual(removed.id, membership.id)
        const again = yield* rejection(() =>
          clerk.organizations.deleteOrganizationMembership({ organizationId, userId: member })
        )
        assert.deepStrictEqual(status(again), [404, "resource_not_found"])
      }))

    it.scoped("invitations: instance (create, list, revoke, delete) and organization (create, list, get, revoke)", () =>
      Effect.gen(function*() {
        const { clerk } = yield* clerkClient
        const invitation = yield* run(() =>
          clerk.invitations.createInvitation({ emailAddress: "newcomer@example.com", publicMetadata: { from: "test" } })
        )
        assert.strictEqual(invitation.status, "pending")
        const list = yield* run(() => clerk.invitations.getInvitationList({ status: "pending" }))
        assert.strictEqual(list.totalCount, 1)
        assert.strictEqual(list.data[0]?.emailAddress, "newcomer@example.com")
        const revoked = yield* run(() => clerk.invitations.revokeInvitation(invitation.id))
        assert.isTrue(revoked.revoked)
        assert.strictEqual((yield* run(() => clerk.invitations.deleteInvitation(invitation.id))).id, invitation.id)

        const admin = Seed.userId(0)
        const organization = yield* run(() =>
          clerk.organizations.createOrganization({ name: "Invites", createdBy: admin })
        )
        const organizationId = organization.id
        const orgInvitation = yield* run(() =>
          clerk.organizations.createOrganizationInvitation({
            organizationId,
            emailAddress: "joiner@example.com",
            role: "org:member",
            inviterUserId: admin
          })
        )
        assert.strictEqual(orgInvitation.status, "pending")
        assert.strictEqual(orgInvitation.organizationId, organizationId)
        const orgList = yield* run(() => clerk.organizations.getOrganizationInvitationList({ organizationId }))
        assert.deepStrictEqual(orgList.data.map((i) => i.id), [orgInvitation.id])
        const got = yield* run(() =>
          clerk.organizations.getOrganizationInvitation({ organizationId, invitationId: orgInvitation.id })
        )
        assert.strictEqual(got.emailAddress, "joiner@example.com")
        const revokedOrg = yield* run(() =>
          clerk.organizations.revokeOrganizationInvitation({
            organizationId,
            invitationId: orgInvitation.id,
            requestingUserId: admin
          })
        )
        assert.strictEqual(revokedOrg.status, "revoked")
      }))

    it.scoped("bulk invitations, a user's organization invitations, lock and unlock, metadata replaced", () =>
      Effect.gen(function*() {
        const { clerk } = yield* clerkClient
        const bulk = yield* run(() =>
          clerk.invitations.createInvitationBulk([{ emailAddress: "a@example.com" }, { emailAddress: "b@example.com" }])
        )
        assert.deepStrictEqual(bulk.map((i) => i.emailAddress), ["a@example.com", "b@example.com"])
        const [admin, invitee] = [Seed.userId(0), Seed.userId(1)]
        const organization = yield* run(() =>
          clerk.organizations.createOrganization({ name: "Bulk", createdBy: admin })
        )
        const orgBulk = yield* run(() =>
          clerk.organizations.createOrganizationInvitationBulk(organization.id, [
            { emailAddress: "grace.hopper@example.com", role: "org:member", inviterUserId: admin },
            { emailAddress: "c@example.com", role: "org:admin", inviterUserId: admin }
          ])
        )
        assert.strictEqual(orgBulk.data.length, 2)
        const ofUser = yield* run(() => clerk.users.getOrganizationInvitationList({ userId: invitee }))
        assert.deepStrictEqual(ofUser.data.map((i) => i.publicOrganizationData?.id), [organization.id])
        assert.isTrue((yield* run(() => clerk.users.lockUser(invitee))).locked)
        assert.isFalse((yield* run(() => clerk.users.unlockUser(invitee))).locked)
        yield* run(() => clerk.users.updateUserMetadata(invitee, { publicMetadata: { a: 1, b: 2 } }))
        const replaced = yield* run(() => clerk.users.replaceUserMetadata(invitee, { publicMetadata: { c: 3 } }))
        assert.deepStrictEqual(replaced.publicMetadata, { c: 3 })
      }))
  })
