using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;

namespace Portico.Web.Features.Apps;

/// <summary>Demo app registrations at Contoso (enrolled in DeveloperPrograms), registered by its Owner, Devon Park.</summary>
public static class AppDemoData
{
    public const string OrganizationName = "Contoso Cloud Solutions";
    public const string OwnerEmail = "devon.park@contoso.example";
    public const string WebApp = "Contoso Partner Dashboard";
    public const string DesktopApp = "Contoso Field Service for Windows";
    public const string SecretDescription = "Production web server";

    /// <summary>The demo secret's remaining lifetime: close enough to expiry that the list shows it is due for rotation.</summary>
    public const int SecretDaysLeft = 20;

    public static async Task SeedAsync(AppDbContext db, AuditTrail audit, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var contoso = await db.Organizations.Where(o => o.DisplayName == OrganizationName).Select(o => o.Id).SingleAsync(cancellationToken);
        var ownerEmail = OwnerEmail.ToUpperInvariant();
        var owner = await db.Users.Where(a => a.NormalizedEmail == ownerEmail).Select(a => a.Id).SingleAsync(cancellationToken);
        AppRegistration Make(string name, AppPlatform platform, string description, string[] redirectUris, int daysAgo) => new()
        {
            OrganizationId = contoso,
            DisplayName = name,
            NormalizedDisplayName = AppRegistration.Normalize(name),
            Description = description,
            Platform = platform,
            RedirectUris = string.Join('\n', redirectUris),
            Status = AppStatus.Active,
            CreatedUtc = now.AddDays(-daysAgo),
            CreatedBy = owner,
            UpdatedUtc = now.AddDays(-daysAgo),
            UpdatedBy = owner,
        };

        var web = Make(WebApp, AppPlatform.Web,
            "Partner-facing dashboard that signs customers in and reads their Microsoft 365 backup status.",
            ["https://dashboard.contoso.example/signin-oidc", "http://localhost:5173/signin-oidc"], 400);
        var desktop = Make(DesktopApp, AppPlatform.Desktop,
            "Technician app for scheduling on-site visits; signs in through the system browser.",
            ["http://127.0.0.1"], 30);
        db.AppRegistrations.AddRange(web, desktop);

        // Note: the value is thrown away; a demo secret exists to be seen in the list, not to be used.
        var (_, secret) = AppRegistrationService.NewSecret(web.Id, SecretDescription, now.AddDays(SecretDaysLeft - 365), now.AddDays(SecretDaysLeft), owner);
        db.AppSecrets.Add(secret);
        foreach (var app in new[] { web, desktop })
        {
            audit.Record(AuditEventType.AppCreated, contoso, actorAccountId: owner,
                details: new { appId = app.Id, clientId = app.ClientId, name = app.DisplayName, source = "demo" });
        }

        audit.Record(AuditEventType.AppSecretCreated, contoso, actorAccountId: owner,
            details: new { appId = web.Id, secretId = secret.Id, hint = secret.Hint, source = "demo" });
        await db.SaveChangesAsync(cancellationToken);
    }
}
