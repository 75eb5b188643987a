using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;

namespace Portico.Web.Features.Designations;

/// <summary>
/// Demo designations at Contoso (enrolled in PartnerNetwork): Security earned five months ago (its score has dropped
/// since, it stays earned until the anniversary), Modern Work met at exactly 70 points but not applied for, and the
/// other areas not met. Runs after the Referrals demo data, whose deals it tags with their solution areas.
/// </summary>
public static class DesignationsDemoData
{
    public const string OrganizationName = "Contoso Cloud Solutions";
    public const SolutionArea EarnedArea = SolutionArea.Security;
    public const SolutionArea MetArea = SolutionArea.ModernWork;
    public const int EarnedDaysAgo = 150;

    private static readonly (string Customer, SolutionArea Area)[] DealAreas =
    [
        ("Wide World Importers", SolutionArea.ModernWork),
        ("Litware Inc.", SolutionArea.ModernWork),
        ("株式会社フォース", SolutionArea.ModernWork),
        ("Adatum Corporation", SolutionArea.DataAI),
        ("Tailspin Toys", SolutionArea.Infrastructure),
        ("Northwind Traders", SolutionArea.Security),
    ];

    /// <summary>Who holds which certification, earned how many days ago (each valid for a year from then).</summary>
    private static readonly (string Email, string Certification, int EarnedDaysAgo)[] Certifications =
    [
        ("alex.johnson@contoso.example", "m365-administrator", 40),
        ("alex.johnson@contoso.example", "teams-administrator", 200),
        ("sam.lee@contoso.example", "teams-administrator", 120),
        ("morgan.mfa@contoso.example", "endpoint-administrator", 75),
        ("taylor.tanaka@contoso.example", "m365-administrator", 300),
        ("jordan.rivera@contoso.example", "endpoint-administrator", 15),
        ("noah.becker@contoso.example", "teams-administrator", 420),
        ("alex.johnson@contoso.example", "security-operations-analyst", 210),
        ("morgan.mfa@contoso.example", "identity-access-administrator", 180),
        ("sam.lee@contoso.example", "security-operations-analyst", 160),
        ("erin.walsh@contoso.example", "cybersecurity-architect", 250),
        ("devon.park@contoso.example", "identity-access-administrator", 90),
        ("mika.yamada@contoso.example", "azure-ai-engineer", 60),
        ("noah.becker@contoso.example", "fabric-analytics-engineer", 30),
        ("devon.park@contoso.example", "azure-administrator", 100),
        ("casey.finance@contoso.example", "azure-solutions-architect", 500),
        ("devon.park@contoso.example", "azure-developer", 20),
    ];

    private static readonly (string Customer, SolutionArea Area, int GoLiveDaysAgo, int Seats, string Workloads)[] Deployments =
    [
        ("Wide World Importers", SolutionArea.ModernWork, 8, 420, "Intune, Windows Autopilot"),
        ("Fourth Coffee", SolutionArea.ModernWork, 60, 1200, "Microsoft Teams, SharePoint Online"),
        ("Woodgrove Bank", SolutionArea.ModernWork, 120, 900, "Exchange Online"),
        ("Alpine Ski House", SolutionArea.ModernWork, 200, 150, "Teams Phone"),
        ("Proseware, Inc.", SolutionArea.ModernWork, 300, 75, "Microsoft 365 Apps"),
        ("Woodgrove Bank", SolutionArea.Security, 150, 900, "Microsoft Sentinel, Defender XDR"),
        ("Relecloud", SolutionArea.Security, 90, 2000, "Microsoft Entra ID P2"),
        ("Trey Research", SolutionArea.Security, 240, 340, "Defender for Endpoint"),
        ("Lamna Healthcare", SolutionArea.Security, 330, 600, "Microsoft Purview"),
        ("Adventure Works Cycles", SolutionArea.DataAI, 45, 50, "Azure AI Search, Azure OpenAI"),
        ("Tailspin Toys", SolutionArea.Infrastructure, 430, 40, "Azure Virtual Machines"),
    ];

    public static async Task SeedAsync(AppDbContext db, AuditTrail audit, DateTime now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(audit);
        var contoso = await db.Organizations.Where(o => o.DisplayName == OrganizationName).Select(o => o.Id).SingleAsync(cancellationToken);
        var accounts = await db.Users.Where(a => a.OrganizationId == contoso).ToDictionaryAsync(a => a.Email!, a => a.Id, cancellationToken);
        var today = DateOnly.FromDateTime(now);
        foreach (var (customer, area) in DealAreas)
        {
            await db.Deals.Where(d => d.OrganizationId == contoso && d.CustomerName == customer)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.SolutionArea, area), cancellationToken);
        }

        foreach (var (email, id, daysAgo) in Certifications)
        {
            var earned = today.AddDays(-daysAgo);
            db.Certifications.Add(new Certification
            {
                OrganizationId = contoso,
                AccountId = accounts[email],
                CertificationId = id,
                SolutionArea = SolutionAreas.CertificationById[id].SolutionArea,
                EarnedOn = earned,
                ExpiresOn = earned.AddYears(1).AddDays(-1),
                CreatedUtc = now,
                UpdatedUtc = now,
            });
        }

        foreach (var (customer, area, daysAgo, seats, workloads) in Deployments)
        {
            db.CustomerDeployments.Add(new CustomerDeployment
            {
                OrganizationId = contoso,
                CustomerName = customer,
                SolutionArea = area,
                GoLiveOn = today.AddDays(-daysAgo),
                Seats = seats,
                Workloads = workloads,
                CreatedUtc = now,
                UpdatedUtc = now,
            });
        }

        var earnedOn = today.AddDays(-EarnedDaysAgo);
        var admin = accounts["alex.johnson@contoso.example"];
        db.Designations.Add(new Designation
        {
            OrganizationId = contoso,
            SolutionArea = EarnedArea,
            EarnedOn = earnedOn,
            AnniversaryOn = earnedOn.AddYears(1),
            Score = 75,
            AppliedByAccountId = admin,
            AppliedUtc = now.AddDays(-EarnedDaysAgo),
        });
        audit.Record(AuditEventType.DesignationEarned, contoso, actorAccountId: admin,
            details: new { solutionArea = EarnedArea.ToString(), score = 75, earnedOn, anniversaryOn = earnedOn.AddYears(1), source = "demo" });
        await db.SaveChangesAsync(cancellationToken);
    }
}
