using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;

namespace Portico.Web.Features.Organizations;

/// <summary>An organization's sign-in security policy, with how many active members have no MFA method yet.</summary>
/// <param name="MfaPolicy"><c>SensitiveCapabilities</c> (default) or <c>Everyone</c>.</param>
/// <param name="AllowSelfServicePasswordReset">Members with registered security info may reset a forgotten password themselves.</param>
/// <param name="MembersWithoutMfa">Active (not blocked) work accounts with no authenticator app or passkey registered.</param>
/// <param name="ActiveMembers">Active (not blocked) work accounts of the organization.</param>
public sealed record SecurityPolicyResponse(string MfaPolicy, bool AllowSelfServicePasswordReset, int MembersWithoutMfa, int ActiveMembers);

/// <summary>The policy after a change, and whether anything changed.</summary>
public sealed record SecurityPolicyChange(SecurityPolicyResponse Policy, bool Changed);

/// <summary>
/// Reads and changes <see cref="Organization.MfaPolicy"/> and <see cref="Organization.AllowSelfServicePasswordReset"/>
/// (SPEC §4, §5) for the API and the Organization → Security page.
/// </summary>
/// <remarks>
/// Sign-in (<see cref="SignIn.SignInService.MfaRequired"/>) and recovery read the policy when they run, so a change
/// applies at each member's next sign-in or recovery request; sessions already open keep the MFA state they had.
/// </remarks>
public sealed class SecurityPolicyService(AppDbContext db, AuditTrail audit)
{
    public async Task<SecurityPolicyResponse?> GetAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var policy = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == organizationId)
            .Select(o => new { o.MfaPolicy, o.AllowSelfServicePasswordReset })
            .SingleOrDefaultAsync(cancellationToken);
        if (policy is null)
        {
            return null;
        }

        // Note: TwoFactorEnabled is what sign-in reads; it is kept true while an authenticator app or a passkey is registered.
        var members = db.Users.AsNoTracking().Where(a => a.Kind == AccountKind.Work && a.OrganizationId == organizationId && !a.IsBlocked);
        var active = await members.CountAsync(cancellationToken);
        var withoutMfa = await members.CountAsync(a => !a.TwoFactorEnabled, cancellationToken);
        return new SecurityPolicyResponse(policy.MfaPolicy.ToString(), policy.AllowSelfServicePasswordReset, withoutMfa, active);
    }

    /// <summary>
    /// Sets both settings; records the old and new values in the organization's audit log in the same transaction.
    /// Turning self-service reset off voids outstanding reset links. Nothing is written (nor audited) when both
    /// already have the requested values. Null when the organization does not exist.
    /// </summary>
    public async Task<SecurityPolicyChange?> SetAsync(Guid organizationId, MfaPolicy mfaPolicy, bool allowSelfServicePasswordReset, CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == organizationId, cancellationToken);
        if (organization is null)
        {
            return null;
        }

        var changed = organization.MfaPolicy != mfaPolicy || organization.AllowSelfServicePasswordReset != allowSelfServicePasswordReset;
        if (changed)
        {
            var old = new { mfaPolicy = organization.MfaPolicy.ToString(), allowSelfServicePasswordReset = organization.AllowSelfServicePasswordReset };
            var voided = 0;
            if (organization.AllowSelfServicePasswordReset && !allowSelfServicePasswordReset)
            {
                // Note: turning self-service off also voids the reset links already mailed (valid for up to an hour),
                // so the change is not undone by a link sent a minute earlier.
                var holders = await db.Users
                    .Where(a => a.Kind == AccountKind.Work && a.OrganizationId == organizationId && a.PasswordRecoveryStamp != null)
                    .ToListAsync(cancellationToken);
                holders.ForEach(a => a.PasswordRecoveryStamp = null);
                voided = holders.Count;
            }

            organization.MfaPolicy = mfaPolicy;
            organization.AllowSelfServicePasswordReset = allowSelfServicePasswordReset;
            audit.Record(AuditEventType.OrganizationSecurityPolicyChanged, organizationId, details: new
            {
                old,
                @new = new { mfaPolicy = mfaPolicy.ToString(), allowSelfServicePasswordReset },
                recoveryLinksVoided = voided,
            });
            await db.SaveChangesAsync(cancellationToken);
        }

        return await GetAsync(organizationId, cancellationToken) is { } policy ? new SecurityPolicyChange(policy, changed) : null;
    }

    /// <summary>Parses a policy name as the API and the form send it (<c>Everyone</c>, <c>SensitiveCapabilities</c>; any case, never a number).</summary>
    public static bool TryParseMfaPolicy(string? value, out MfaPolicy policy)
    {
        policy = default;
        var trimmed = value?.Trim();
        return !string.IsNullOrEmpty(trimmed)
            && trimmed.All(char.IsAsciiLetter)
            && Enum.TryParse(trimmed, ignoreCase: true, out policy)
            && Enum.IsDefined(policy);
    }
}
