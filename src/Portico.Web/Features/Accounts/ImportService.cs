using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.SignIn;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Accounts;

public sealed record ImportedUser(string? Email, string? UserName, string? PasswordHash, bool EmailConfirmed);

public sealed record ImportResult(int Imported, IReadOnlyList<(string Email, string Reason)> Skipped);

/// <summary>
/// Imports users of an ASP.NET Core Identity database as work accounts of one organization, keeping their
/// PBKDF2 (v2/v3) password hashes: they verify as-is and are rehashed to Argon2id at first sign-in.
/// </summary>
public sealed class ImportService(AppDbContext db, AuditTrail audit, TimeProvider time)
{
    public async Task<ImportResult> ImportAsync(Organization organization, IReadOnlyList<ImportedUser> users, IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(users);
        var unknown = roles.Where(r => !AccessCatalog.IsRole(r)).ToList();
        if (unknown.Count > 0)
        {
            throw new ProvisioningException("unknown_role", $"Unknown role(s): {string.Join(", ", unknown)}.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var skipped = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var imported = 0;
        foreach (var user in users)
        {
            var email = (user.Email ?? user.UserName ?? "").Trim();
            if (!Validate.IsEmail(email))
            {
                skipped.Add((email, "not a valid email address"));
                continue;
            }

            var normalized = SignInService.NormalizeEmail(email);
            if (!seen.Add(normalized) || await db.Users.AnyAsync(a => a.Kind == AccountKind.Work && a.NormalizedEmail == normalized, cancellationToken))
            {
                skipped.Add((email, "a work account with this email already exists"));
                continue;
            }

            var account = new Account
            {
                Kind = AccountKind.Work,
                OrganizationId = organization.Id,
                Email = email,
                NormalizedEmail = normalized,
                EmailConfirmed = user.EmailConfirmed,
                DisplayName = email[..email.IndexOf('@', StringComparison.Ordinal)],
                PasswordHash = string.IsNullOrEmpty(user.PasswordHash) ? null : user.PasswordHash,
                CreatedUtc = now,
                SecurityStamp = Guid.NewGuid().ToString("N"),
            };
            account.RoleAssignments = roles.Select(r => new RoleAssignment { AccountId = account.Id, OrganizationId = organization.Id, Role = r, AssignedUtc = now }).ToList();
            db.Users.Add(account);
            imported++;
        }

        audit.Record(AuditEventType.AccountsImported, organization.Id, details: new { source = "aspnet-identity", imported, skipped = skipped.Count });
        await db.SaveChangesAsync(cancellationToken);
        return new ImportResult(imported, skipped);
    }
}
