using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.SignIn;
using Portico.Web.Infrastructure.Passwords;

namespace Portico.Tests.Infrastructure;

/// <summary>Arranges data directly through the app's own services and DbContext.</summary>
public static class Builders
{
    /// <summary>A password the policy accepts and that no demo account uses.</summary>
    public const string GoodPassword = "violet-anchor-drizzle-mapping-81";

    /// <summary>Another acceptable password, for changes.</summary>
    public const string OtherGoodPassword = "copper-meadow-fiddle-sunrise-36";

    public static string UniqueEmail(string prefix = "user", string domain = "example.org") =>
        $"{prefix}.{Guid.NewGuid().ToString("N")[..10]}@{domain}";

    /// <summary>A new Direct partner with every program; its first Global admin has a temporary password.</summary>
    public static async Task<CreatedOrganization> AnOrganizationAsync(this PortalFactory factory, string? name = null)
    {
        await using var scope = factory.Scope();
        var service = scope.ServiceProvider.GetRequiredService<OrganizationService>();
        return await service.CreateAsync(
            name ?? "Org " + Guid.NewGuid().ToString("N")[..8], PartnerType.Direct, [.. Programs.All],
            UniqueEmail("admin"), "First Admin", cancellationToken: ApiClient.Ct);
    }

    /// <summary>A work account with a known password (no temporary-password flag) in <paramref name="organizationId"/>.</summary>
    public static async Task<Account> AWorkAccountAsync(
        this PortalFactory factory, Guid organizationId, string? email = null, string password = GoodPassword, string displayName = "Quinn Example", params string[] roles)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var organization = await db.Organizations.SingleAsync(o => o.Id == organizationId, ApiClient.Ct);
        var created = await scope.ServiceProvider.GetRequiredService<OrganizationService>().AddWorkAccountAsync(
            organization, email ?? UniqueEmail("work"), displayName, roles, password, ApiClient.Ct);
        await db.SaveChangesAsync(ApiClient.Ct);
        return created.Account;
    }

    /// <summary>A verified personal account, as sign-up with a confirmed code would leave it.</summary>
    public static async Task<Account> APersonalAccountAsync(this PortalFactory factory, string email, string password = GoodPassword, string displayName = "Pat Personal")
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var hasher = scope.ServiceProvider.GetRequiredService<Argon2idPasswordHasher>();
        var account = new Account
        {
            Kind = AccountKind.Personal,
            Email = email,
            NormalizedEmail = SignInService.NormalizeEmail(email),
            EmailConfirmed = true,
            DisplayName = displayName,
            CreatedUtc = factory.Time.GetUtcNow().UtcDateTime,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
        account.PasswordHash = hasher.HashPassword(account, password);
        db.Users.Add(account);
        await db.SaveChangesAsync(ApiClient.Ct);
        return account;
    }

    /// <summary>
    /// A work account without a password, not yet saved: for arranging many accounts at once (search and listing
    /// tests) without an Argon2id hash each.
    /// </summary>
    public static Account UnsavedWorkAccount(this PortalFactory factory, Guid organizationId, string displayName, string? nameReading = null, string emailPrefix = "p")
    {
        var email = UniqueEmail(emailPrefix, "example.org");
        return new Account
        {
            Kind = AccountKind.Work,
            OrganizationId = organizationId,
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = displayName,
            NameReading = nameReading,
            CreatedUtc = factory.Time.GetUtcNow().UtcDateTime,
            SecurityStamp = Guid.NewGuid().ToString("N"),
        };
    }

    public static async Task<Guid> OrganizationIdAsync(this PortalFactory factory, string displayName)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Organizations.Where(o => o.DisplayName == displayName).Select(o => o.Id).SingleAsync(ApiClient.Ct);
    }

    public static async Task<Account> AccountAsync(this PortalFactory factory, string email, AccountKind kind = AccountKind.Work)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var normalized = SignInService.NormalizeEmail(email);
        return await db.Users.AsNoTracking().SingleAsync(a => a.NormalizedEmail == normalized && a.Kind == kind, ApiClient.Ct);
    }

    public static async Task UpdateAccountAsync(this PortalFactory factory, string email, Action<Account> change, AccountKind kind = AccountKind.Work)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var normalized = SignInService.NormalizeEmail(email);
        change(await db.Users.SingleAsync(a => a.NormalizedEmail == normalized && a.Kind == kind, ApiClient.Ct));
        await db.SaveChangesAsync(ApiClient.Ct);
    }

    /// <summary>Row counts of the tables a request could write to.</summary>
    public static async Task<DbCounts> CountsAsync(this PortalFactory factory)
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return new DbCounts(
            await db.Users.CountAsync(ApiClient.Ct),
            await db.AuditEvents.CountAsync(ApiClient.Ct),
            await db.PersonalSignUps.CountAsync(ApiClient.Ct),
            await db.Sessions.CountAsync(ApiClient.Ct),
            await db.Organizations.CountAsync(ApiClient.Ct));
    }

    public static async Task<T> WithDbAsync<T>(this PortalFactory factory, Func<AppDbContext, Task<T>> query)
    {
        await using var scope = factory.Scope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}

public sealed record DbCounts(int Accounts, int AuditEvents, int PersonalSignUps, int Sessions, int Organizations);
