using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Features.Verification;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Operator.Verification;

/// <summary>One organization's checks for a VerificationAgent: details, documents (download) and a decision per Pending check.</summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + OperatorCapabilities.Verification)]
public sealed class ReviewModel(VerificationService verification, IStringLocalizer<SharedResource> t) : PageModel
{
    public VerificationView View { get; private set; } = null!;

    public List<(string Field, string Message)> Errors { get; } = [];

    /// <summary>The check whose decision form failed, so its values are shown again.</summary>
    public string? FailedCheck { get; private set; }

    [BindProperty]
    public string? Decision { get; set; }

    [BindProperty]
    public string? ReasonCode { get; set; }

    [BindProperty]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        if (await verification.GetAsync(organizationId, cancellationToken) is not { } view)
        {
            return NotFound();
        }

        View = view;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid organizationId, string? check, CancellationToken cancellationToken)
    {
        if (!VerificationService.TryParseCheck(check, out var kind))
        {
            return NotFound();
        }

        var validate = VerificationApi.ValidateDecision(new Validate(t), Decision, ReasonCode, Message, out var decision);
        VerificationOutcome outcome = validate.IsValid
            ? await verification.DecideAsync(User, organizationId, kind, decision, ReasonCode, Message, cancellationToken)
            : VerificationOutcome.Fail(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed);
        if (outcome.Succeeded)
        {
            TempData["Status"] = t["VerificationQueue.Decided", t["VerificationCheck." + check].Value, t["VerificationCheckStatus." + decision].Value].Value;
            return RedirectToPage(new { organizationId });
        }

        if (await verification.GetAsync(organizationId, cancellationToken) is not { } view)
        {
            return NotFound();
        }

        View = view;
        FailedCheck = check;
        if (validate.IsValid)
        {
            Errors.Add(($"decision-{check}", t["Error." + outcome.Error].Value));
        }
        else
        {
            Errors.AddRange(validate.Errors.Select(e => ($"{e.Field}-{check}", e.Message)));
        }

        Response.StatusCode = outcome.StatusCode;
        return Page();
    }
}
