using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Operator;

/// <summary>Sign-in diagnosis for SupportAgents: everything about why an email cannot sign in, never a password.</summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + OperatorCapabilities.SignInDiagnosis)]
public sealed class SignInDiagnosisModel(SignInDiagnosisService diagnosis, IStringLocalizer<SharedResource> t) : PageModel
{
    public string? Email { get; private set; }

    public SignInDiagnosis? Result { get; private set; }

    public async Task OnGetAsync(string? email, CancellationToken cancellationToken)
    {
        Email = email;
        if (email is null)
        {
            return;
        }

        var validate = new Validate(t).Email("email", email);
        foreach (var error in validate.Errors)
        {
            ModelState.AddModelError("email", error.Message);
        }

        if (!validate.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Result = await diagnosis.DiagnoseAsync(User, email, cancellationToken);
    }

    /// <summary>Sends the recovery email to the account's own mailbox, then shows the diagnosis again.</summary>
    public async Task<IActionResult> OnPostRecoveryAsync(Guid accountId, string? email, CancellationToken cancellationToken)
    {
        var result = await diagnosis.SendRecoveryLinkAsync(accountId, cancellationToken);
        if (result.Status == StatusCodes.Status404NotFound)
        {
            return NotFound();
        }

        TempData["Status"] = result.Succeeded
            ? t[result.SelfService ? "Operator.Diagnosis.RecoverySentSelfService" : "Operator.Diagnosis.RecoverySentHelpers"].Value
            : t["Error." + result.Error].Value;
        return RedirectToPage(new { email });
    }
}
