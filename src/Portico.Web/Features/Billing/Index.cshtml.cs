using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Billing;

/// <summary>
/// Billing (the <c>billing</c> capability): the billing profile form and the organization's invoices, filtered by
/// status and billing month. Anyone admitted to the page may edit the profile; the service audits it.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Billing)]
public sealed class IndexModel(BillingService billing, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "status")]
    public string? StatusFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "period")]
    public string? PeriodFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public InvoicePage Invoices { get; private set; } = new([], 1, BillingService.DefaultPageSize, 0);

    public int PageCount => Math.Max(1, (Invoices.Total + Invoices.PageSize - 1) / Invoices.PageSize);

    public sealed class InputModel
    {
        public string? ContactName { get; set; }

        public string? ContactEmail { get; set; }

        public string? LegalName { get; set; }

        public string? AddressLine1 { get; set; }

        public string? AddressLine2 { get; set; }

        public string? City { get; set; }

        public string? PostalCode { get; set; }

        public string? Country { get; set; }

        public string? PurchaseOrder { get; set; }

        public string? TaxId { get; set; }

        public Guid? Version { get; set; }
    }

    private Guid OrgId => User.OrganizationId()!.Value;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (await billing.ProfileAsync(OrgId, cancellationToken) is { } p)
        {
            Input = new InputModel
            {
                ContactName = p.ContactName, ContactEmail = p.ContactEmail, LegalName = p.LegalName, AddressLine1 = p.AddressLine1,
                AddressLine2 = p.AddressLine2, City = p.City, PostalCode = p.PostalCode, Country = p.Country, PurchaseOrder = p.PurchaseOrder,
                TaxId = p.TaxId, Version = p.Version,
            };
        }

        await LoadInvoicesAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var i = Input;
        var result = await billing.SaveProfileAsync(
            OrgId,
            new BillingProfileInput(i.ContactName, i.ContactEmail, i.LegalName, i.AddressLine1, i.AddressLine2, i.City, i.PostalCode,
                i.Country?.Trim().ToUpperInvariant(), i.PurchaseOrder, i.TaxId, i.Version),
            new Validate(t),
            cancellationToken);
        if (result.Succeeded)
        {
            TempData["Status"] = t["Billing.ProfileSaved"].Value;
            return RedirectToPage();
        }

        if (result.Fields is { Count: > 0 } fields)
        {
            foreach (var field in fields)
            {
                ModelState.AddModelError("Input." + char.ToUpperInvariant(field.Field[0]) + field.Field[1..], t["Billing.Field." + field.Field] + ": " + field.Message);
            }
        }
        else
        {
            ModelState.AddModelError("", t["Error." + result.Error]);
        }

        await LoadInvoicesAsync(cancellationToken);
        return Page();
    }

    public string PageUrl(int page) =>
        "/Billing" + QueryString.Create(new Dictionary<string, string?> { ["status"] = StatusFilter, ["period"] = PeriodFilter, ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            .Where(kv => kv.Value is not null)).ToUriComponent();

    private async Task LoadInvoicesAsync(CancellationToken cancellationToken)
    {
        // Note: the page ignores filter values it cannot read (a hand-edited link), as the other lists do; the API refuses them.
        InvoiceStatus? status = BillingService.TryParseStatus(StatusFilter, out var s) ? s : null;
        var period = BillingService.ParsePeriod(PeriodFilter);
        StatusFilter = status?.ToString();
        PeriodFilter = period?.ToString(BillingService.PeriodFormat, System.Globalization.CultureInfo.InvariantCulture);
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        Invoices = await billing.ListAsync(OrgId, status, period, PageNumber, BillingService.DefaultPageSize, cancellationToken);
    }
}
