using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Features.Incentives;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Marketplace.Payouts;

/// <summary>
/// Payouts (the <c>payouts</c> capability): the payout account form, which shows the account number only masked and
/// takes a new number only when one is typed, and the payout statements with totals per currency and a CSV export.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Payouts)]
public sealed class IndexModel(PayoutService payouts, IStringLocalizer<SharedResource> t) : PageModel
{
    public sealed class InputModel
    {
        public string? HolderName { get; set; }

        public string? BankCountry { get; set; }

        /// <summary>Empty keeps the stored number: the form never holds the full number.</summary>
        public string? AccountNumber { get; set; }

        public string? Currency { get; set; }

        public string? TaxForm { get; set; }

        public Guid? Version { get; set; }
    }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "status")]
    public string? StatusFilter { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PayoutAccountView? Account { get; private set; }

    public PayoutPage Payouts { get; private set; } = new([], 1, PayoutService.DefaultPageSize, 0, []);

    public int PageCount => Math.Max(1, (Payouts.Total + Payouts.PageSize - 1) / Payouts.PageSize);

    public string CsvUrl => $"/api/v1/orgs/{User.OrganizationId()}/payouts.csv" + (StatusFilter is null ? "" : "?status=" + StatusFilter);

    public string PageUrl(int page) => "/Marketplace/Payouts?p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (StatusFilter is null ? "" : "&status=" + StatusFilter);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        Input = Account is { } a
            ? new InputModel { HolderName = a.HolderName, BankCountry = a.BankCountry, Currency = a.Currency, TaxForm = a.TaxForm, Version = a.Version }
            : new InputModel { TaxForm = nameof(TaxFormStatus.NotSubmitted) };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var orgId = User.OrganizationId()!.Value;
        var number = Input.AccountNumber;
        if (string.IsNullOrWhiteSpace(number) && Input.Version is not null)
        {
            // Note: the stored number is kept by sending it back through the same checks; it never reaches the browser.
            number = await payouts.StoredNumberAsync(orgId, cancellationToken);
        }

        var result = await payouts.SaveAccountAsync(
            orgId, User, new PayoutAccountRequest(Input.HolderName, Input.BankCountry, number, Input.Currency, Input.TaxForm, Input.Version), cancellationToken);
        if (result.Succeeded)
        {
            TempData["Status"] = t["Payouts.AccountSaved", result.Account!.AccountNumberMasked].Value;
            return Redirect("/Marketplace/Payouts");
        }

        foreach (var error in result.Fields ?? [])
        {
            ModelState.AddModelError("Input." + char.ToUpperInvariant(error.Field[0]) + error.Field[1..], $"{t["Payouts.Field." + error.Field]}: {error.Message}");
        }

        if (result.Fields is not { Count: > 0 })
        {
            ModelState.AddModelError("", t["Error." + result.Error].Value);
        }

        Input.AccountNumber = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var orgId = User.OrganizationId()!.Value;
        Account = await payouts.GetAccountAsync(orgId, cancellationToken);
        PayoutStatus? status = EarningService.TryParseName(StatusFilter, out PayoutStatus s) ? s : null;
        StatusFilter = status?.ToString();
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        Payouts = await payouts.ListAsync(orgId, new PayoutFilter(Status: status), PageNumber, PayoutService.DefaultPageSize, cancellationToken);
    }
}
