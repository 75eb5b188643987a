using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Verification;

/// <summary>
/// Account settings → Legal info / Verification (SPEC §8): the three checks with their status and next step, and the
/// forms that move them (send the ownership link, publish and check the TXT record, legal name and address, Fix now).
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Verification)]
public sealed class IndexModel(VerificationService verification, AppDbContext db, IStringLocalizer<SharedResource> t) : PageModel
{
    public VerificationView View { get; private set; } = null!;

    /// <summary>Failures of the last post, as (field id, message), for the error summary.</summary>
    public List<(string Field, string Message)> Errors { get; } = [];

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Domain { get; set; }

    [BindProperty]
    public BusinessInput Business { get; set; } = new();

    [BindProperty]
    public string? Comment { get; set; }

    /// <summary>The benefits capability is open (the organization is verified and enrolled), so the page links to it.</summary>
    public bool BenefitsOpen { get; private set; }

    public sealed class BusinessInput
    {
        public string? LegalName { get; set; }

        public string? AddressLine1 { get; set; }

        public string? AddressLine2 { get; set; }

        public string? City { get; set; }

        public string? PostalCode { get; set; }

        public string? Country { get; set; }
    }

    private Guid OrganizationId => User.OrganizationId()!.Value;

    public CheckView Check(string id) => View.Checks.Single(c => c.Check == id);

    public static bool IsOpen(CheckView check) => check.Status is not (nameof(VerificationCheckStatus.Accepted) or nameof(VerificationCheckStatus.Rejected));

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostEmailAsync(CancellationToken cancellationToken)
    {
        var validate = new Validate(t).Email("email", Email);
        if (!validate.IsValid)
        {
            return await FailAsync(validate, cancellationToken);
        }

        return await DoneAsync(await verification.SendEmailLinkAsync(User, OrganizationId, Email!, cancellationToken), "email", "Verification.LinkSent", cancellationToken);
    }

    public async Task<IActionResult> OnPostDomainRecordAsync(CancellationToken cancellationToken)
    {
        var validate = new Validate(t).Text("domain", Domain, Organizations.OrganizationDomain.DomainMaxLength);
        if (validate.IsValid)
        {
            validate.Check(VerificationService.NormalizeDomain(Domain) is not null, "domain", FieldCodes.InvalidDomain);
        }

        if (!validate.IsValid)
        {
            return await FailAsync(validate, cancellationToken);
        }

        return await DoneAsync(await verification.IssueDomainRecordAsync(OrganizationId, Domain!, cancellationToken), "domain", "Verification.RecordIssued", cancellationToken);
    }

    public async Task<IActionResult> OnPostDomainLookupAsync(CancellationToken cancellationToken) =>
        await DoneAsync(await verification.ConfirmDomainAsync(OrganizationId, cancellationToken), "domain-lookup", "Verification.DomainConfirmed", cancellationToken);

    public async Task<IActionResult> OnPostBusinessAsync(CancellationToken cancellationToken)
    {
        var validate = VerificationApi.ValidateBusiness(new Validate(t), Business.LegalName, Business.AddressLine1, Business.AddressLine2, Business.City, Business.PostalCode, Business.Country);
        if (!validate.IsValid)
        {
            return await FailAsync(validate, cancellationToken);
        }

        var details = new BusinessCheckView(Business.LegalName, Business.AddressLine1, Business.AddressLine2, Business.City, Business.PostalCode, Business.Country);
        return await DoneAsync(await verification.SubmitBusinessAsync(OrganizationId, details, cancellationToken), "legalName", "Verification.BusinessSubmitted", cancellationToken);
    }

    public async Task<IActionResult> OnPostUploadAsync(string? check, List<IFormFile>? files, CancellationToken cancellationToken)
    {
        if (!VerificationService.TryParseCheck(check, out var kind))
        {
            return NotFound();
        }

        var field = "files-" + check;
        var validate = new Validate(t).Text("comment-" + check, Comment, VerificationCheck.CommentMaxLength, required: false);
        if (!validate.IsValid)
        {
            return await FailAsync(validate, cancellationToken);
        }

        // Note: a file over the limit is refused before it is copied into memory.
        if (files?.Any(f => f.Length > VerificationDocument.MaxBytes) == true)
        {
            return await DoneAsync(VerificationOutcome.Fail(StatusCodes.Status413PayloadTooLarge, ErrorCodes.FileTooLarge), field, "", cancellationToken);
        }

        var incoming = await VerificationApi.ReadFilesAsync(files ?? [], cancellationToken);
        var outcome = await verification.UploadDocumentsAsync(OrganizationId, User.AccountId()!.Value, kind, incoming, Comment, cancellationToken);
        return await DoneAsync(outcome, field, "Verification.DocumentsUploaded", cancellationToken);
    }

    private async Task<IActionResult> DoneAsync(VerificationOutcome outcome, string field, string statusKey, CancellationToken cancellationToken)
    {
        if (outcome.Succeeded)
        {
            TempData["Status"] = t[statusKey].Value;
            return RedirectToPage();
        }

        Errors.Add((outcome.Field is { } f && f != "files" ? f : field, t["Error." + outcome.Error].Value));
        Response.StatusCode = outcome.StatusCode;
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<IActionResult> FailAsync(Validate validate, CancellationToken cancellationToken)
    {
        foreach (var error in validate.Errors)
        {
            Errors.Add((error.Field, error.Message));
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (await verification.GetAsync(OrganizationId, cancellationToken) is not { } view)
        {
            return false;
        }

        View = view;
        var org = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == OrganizationId)
            .Select(o => new { o.Country, Domain = o.Domains.OrderBy(d => d.Domain).Select(d => d.Domain).FirstOrDefault() })
            .SingleAsync(cancellationToken);
        var email = Check("email").Email;
        var domain = Check("domain").Domain;
        var business = Check("business").Business;
        Email ??= email?.ContactEmail ?? User.FindFirst(PorticoClaims.Email)?.Value;
        Domain ??= domain?.Domain ?? org.Domain;
        Business.LegalName ??= business?.LegalName ?? view.OrganizationName;
        Business.AddressLine1 ??= business?.AddressLine1;
        Business.AddressLine2 ??= business?.AddressLine2;
        Business.City ??= business?.City;
        Business.PostalCode ??= business?.PostalCode;
        Business.Country ??= business?.Country ?? org.Country;
        var facts = await CapabilityHandler.LoadFactsAsync(db, OrganizationId, cancellationToken);
        BenefitsOpen = AccessEvaluator.Evaluate(Capabilities.Benefits, CapabilityHandler.Subject(User), facts).Allowed;
        return true;
    }
}
