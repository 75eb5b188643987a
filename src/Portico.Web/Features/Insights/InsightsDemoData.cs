using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Organizations;

namespace Portico.Web.Features.Insights;

/// <summary>
/// Demo report viewers at Contoso (README "Demo sign-ins"): Erin reads every report with revenue, Noah the same reports
/// without it. The reports themselves come from the demo deals and offers.
/// </summary>
public static class InsightsDemoData
{
    public const string OrganizationName = "Contoso Cloud Solutions";
    public const string ExecutiveEmail = "erin.walsh@contoso.example";
    public const string ViewerEmail = "noah.becker@contoso.example";

    public static async Task SeedAsync(AppDbContext db, OrganizationService organizations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(organizations);
        var contoso = await db.Organizations.SingleAsync(o => o.DisplayName == OrganizationName, cancellationToken);
        await organizations.AddWorkAccountAsync(contoso, ExecutiveEmail, "Erin Walsh", [Roles.ExecutiveReportViewer], DemoData.Password, cancellationToken);
        await organizations.AddWorkAccountAsync(contoso, ViewerEmail, "Noah Becker", [Roles.ReportViewer], DemoData.Password, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
