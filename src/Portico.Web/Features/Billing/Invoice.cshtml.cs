using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;

namespace Portico.Web.Features.Billing;

/// <summary>One invoice with its lines and a CSV download; another organization's invoice answers 404 like a missing one.</summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Billing)]
public sealed class InvoiceModel(BillingService billing) : PageModel
{
    public InvoiceDetail Detail { get; private set; } = null!;

    public string CsvUrl => $"/api/v1/orgs/{User.OrganizationId()}/invoices/{Detail.Invoice.Id}.csv";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await billing.GetAsync(User.OrganizationId()!.Value, id, cancellationToken) is not { } detail)
        {
            return NotFound();
        }

        Detail = detail;
        return Page();
    }
}
