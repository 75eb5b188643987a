using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.SignIn;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Passwords;

namespace Portico.Web.Features.Organizations;

public sealed record CreatedOrganization(Organization Organization, Account Admin, string TemporaryPassword);

public sealed record CreatedAccount(Account Account, string? TemporaryPassword);

/// <summary>Thrown for invalid input to the provisioning commands; <see cref="Code"/> is a stable error code.</summary>
public sealed class ProvisioningException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Creates organizations, work accounts and operator staff (CLI, demo data, and later the admin UI).</summary>
public sealed class OrganizationService(
    AppDbContext db,
    Argon2idPasswordHasher hasher,
    PasswordHashingQueue queue,
    AuditTrail audit,
    TimeProvider time)
{
    public async Task<CreatedOrganization> CreateAsync(
        string name, PartnerType type, IReadOnlyCollection<string> programs, string adminEmail, string adminName,
        string country = "US", IReadOnlyCollection<string>? domains = null, CancellationToken cancellationToken = default)
    {
        Require(!string.IsNullOrWhiteSpace(name) && name.Length <= Organization.DisplayNameMaxLength, "invalid_name", "Organization name is required (at most 200 characters).");
        var unknown = programs.Where(p => !Programs.All.Contains(p)).ToList();
        Require(unknown.Count == 0, "unknown_program", $"Unknown program(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Programs.All)}.");
        Require(Infrastructure.Api.Validate.IsEmail(adminEmail), "invalid_email", "The admin email is not a valid address.");
        Require(!string.IsNullOrWhiteSpace(adminName), "invalid_name", "The admin name is required.");

        var now = time.GetUtcNow().UtcDateTime;
        var organization = new Organization
        {
            DisplayName = name.Trim(),
            Type = type,
            Country = country.ToUpperInvariant(),
            PartnerId = await NewPartnerIdAsync(cancellationToken),
            CreatedUtc = now,
            Programs = programs.Distinct().Select(p => new ProgramEnrollment { Program = p, EnrolledUtc = now }).ToList(),
            Domains = (domains ?? [adminEmail[(adminEmail.IndexOf('@', StringComparison.Ordinal) + 1)..]])
                .Select(d => new OrganizationDomain { Domain = d.ToLowerInvariant() }).Distinct().ToList(),
        };
        db.Organizations.Add(organization);
        audit.Record(AuditEventType.OrganizationCreated, organization.Id, details: new { organization.PartnerId, type = type.ToString(), programs });

        var created = await AddWorkAccountAsync(organization, adminEmail, adminName, [Roles.GlobalAdmin], password: null, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedOrganization(organization, created.Account, created.TemporaryPassword!);
    }

    /// <summary>
    /// Adds a work account to the unit of work. With no <paramref name="password"/> a temporary one is generated,
    /// which must be changed at first sign-in.
    /// </summary>
    public async Task<CreatedAccount> AddWorkAccountAsync(
        Organization organization, string email, string displayName, IReadOnlyCollection<string> roles, string? password,
        CancellationToken cancellationToken, string? nameReading = null, string? culture = null, bool invite = false)
    {
        ArgumentNullException.ThrowIfNull(organization);
        email = email.Trim();
        Require(Infrastructure.Api.Validate.IsEmail(email), "invalid_email", $"'{email}' is not a valid email address.");
        var unknownRoles = roles.Where(r => !AccessCatalog.IsRole(r)).ToList();
        Require(unknownRoles.Count == 0, "unknown_role", $"Unknown role(s): {string.Join(", ", unknownRoles)}.");
        var normalized = SignInService.NormalizeEmail(email);
        var taken = await db.Users.AnyAsync(a => a.Kind == AccountKind.Work && a.NormalizedEmail == normalized, cancellationToken)
            || db.ChangeTracker.Entries<Account>().Any(e => e.Entity.Kind == AccountKind.Work && e.Entity.NormalizedEmail == normalized);
        Require(!taken, "email_taken", $"A work account with email '{email}' already exists.");

        var now = time.GetUtcNow().UtcDateTime;
        // Note: an invited account has no password until the invitation link sets one.
        var temporary = password is null && !invite ? TemporaryPassword.Generate() : null;
        var account = new Account
        {
            Kind = AccountKind.Work,
            OrganizationId = organization.Id,
            Email = email,
            NormalizedEmail = normalized,
            EmailConfirmed = true,
            DisplayName = displayName.Trim(),
            NameReading = nameReading,
            PreferredCulture = culture,
            MustChangePassword = temporary is not null,
            CreatedUtc = now,
            PasswordChangedUtc = now,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        var secret = password ?? temporary;
        account.PasswordHash = secret is null ? null : await queue.RunAsync(() => hasher.HashPassword(account, secret), cancellationToken);
        account.RoleAssignments = roles.Distinct().Select(r => new RoleAssignment
        {
            AccountId = account.Id,
            OrganizationId = organization.Id,
            Role = r,
            AssignedUtc = now,
        }).ToList();
        db.Users.Add(account);
        audit.Record(AuditEventType.AccountCreated, organization.Id, account.Id,
            new { kind = "Work", roles, temporaryPassword = temporary is not null, invited = invite });
        return new CreatedAccount(account, temporary);
    }

    /// <summary>Creates a vendor staff account holding operator roles (no partner organization).</summary>
    public async Task<CreatedAccount> CreateStaffAsync(string email, string displayName, IReadOnlyCollection<string> operatorRoles, CancellationToken cancellationToken)
    {
        email = email.Trim();
        Require(Infrastructure.Api.Validate.IsEmail(email), "invalid_email", $"'{email}' is not a valid email address.");
        var unknown = operatorRoles.Where(r => !OperatorRoles.All.Contains(r)).ToList();
        Require(operatorRoles.Count > 0 && unknown.Count == 0, "unknown_role", $"Operator roles must be among: {string.Join(", ", OperatorRoles.All)}.");
        var normalized = SignInService.NormalizeEmail(email);
        Require(!await db.Users.AnyAsync(a => a.Kind == AccountKind.Staff && a.NormalizedEmail == normalized, cancellationToken),
            "email_taken", $"A staff account with email '{email}' already exists.");

        var now = time.GetUtcNow().UtcDateTime;
        var temporary = TemporaryPassword.Generate();
        var account = new Account
        {
            Kind = AccountKind.Staff,
            Email = email,
            NormalizedEmail = normalized,
            EmailConfirmed = true,
            DisplayName = displayName.Trim(),
            MustChangePassword = true,
            CreatedUtc = now,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        account.PasswordHash = await queue.RunAsync(() => hasher.HashPassword(account, temporary), cancellationToken);
        db.Users.Add(account);
        foreach (var role in operatorRoles.Distinct())
        {
            db.UserClaims.Add(new() { UserId = account.Id, ClaimType = PorticoClaims.OperatorRole, ClaimValue = role });
        }

        audit.Record(AuditEventType.StaffCreated, targetAccountId: account.Id, details: new { roles = operatorRoles });
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedAccount(account, temporary);
    }

    private async Task<string> NewPartnerIdAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var candidate = RandomNumberGenerator.GetInt32(1_000_000, 10_000_000).ToString(CultureInfo.InvariantCulture);
            var taken = await db.Organizations.AnyAsync(o => o.PartnerId == candidate, cancellationToken)
                || await db.Locations.AnyAsync(l => l.PartnerId == candidate, cancellationToken)
                || db.ChangeTracker.Entries<Organization>().Any(e => e.Entity.PartnerId == candidate);
            if (!taken)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Could not allocate a unique Partner ID.");
    }

    public Task<string> AllocatePartnerIdAsync(CancellationToken cancellationToken) => NewPartnerIdAsync(cancellationToken);

    private static void Require(bool condition, string code, string message)
    {
        if (!condition)
        {
            throw new ProvisioningException(code, message);
        }
    }
}

/// <summary>Generates temporary passwords: 20 characters from an unambiguous alphabet, in groups for reading aloud.</summary>
public static class TemporaryPassword
{
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Generate()
    {
        var chars = new char[23];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = i % 6 == 5 ? '-' : Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }
}
