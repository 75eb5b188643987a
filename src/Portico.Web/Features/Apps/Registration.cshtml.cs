using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Apps;

/// <summary>
/// One app registration: overview with its client id, the settings and redirect URIs editor, client secrets (a new
/// one is shown once, on the response to its form), disable or enable, and delete for <c>Owner</c> or Global admin.
/// </summary>
/// <remarks>
/// The page policy asks for <c>apps</c>; the delete handler checks <see cref="AppRegistrationService.CanDelete"/>
/// itself (through the service) so a Manager or Developer who posts the form directly deletes nothing. A new secret's
/// value is rendered into the POST response, never into TempData or a redirect, and that response is not cached.
/// </remarks>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Apps)]
public sealed class RegistrationModel(AppRegistrationService service, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public AppForm Input { get; set; } = new();

    /// <summary>The version the form was rendered from; a save, disable, enable or delete against a newer one is refused.</summary>
    [BindProperty]
    public Guid Version { get; set; }

    [BindProperty]
    public string? SecretDescription { get; set; }

    /// <summary>As posted; parsed here so a bad number is a field error, not a binding error.</summary>
    [BindProperty]
    public string? SecretExpiresInDays { get; set; } = "180";

    [BindProperty]
    public bool ConfirmDelete { get; set; }

    public AppView App { get; private set; } = null!;

    public IReadOnlyList<AppSecretView> Secrets { get; private set; } = [];

    public bool CanDelete { get; private set; }

    /// <summary>Secrets expiring within this many days are flagged for rotation.</summary>
    public const int ExpiringSoonDays = 30;

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Set only on the response to New client secret: the one time its value is shown.</summary>
    public NewAppSecret? NewSecret { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Input = AppForm.From(App);
        Version = App.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await service.UpdateAsync(OrgId, id, User, Input.ToInput(), Version, cancellationToken);
        if (result.Error == AppErrors.AppNotFound)
        {
            return NotFound();
        }

        if (result.Succeeded)
        {
            TempData["Status"] = t["Apps.Saved", result.App!.DisplayName].Value;
            return Redirect("/Apps/" + id);
        }

        if (result.Fields is { Count: > 0 } fields)
        {
            AppForm.AddErrors(ModelState, fields, t);
        }
        else
        {
            ModelState.AddModelError(result.Error == AppErrors.NameTaken ? "Input.DisplayName" : "", t["Error." + result.Error].Value);
        }

        // Note: the posted values stay in the form; the version moves on only when the user reloads the app.
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostDisableAsync(Guid id, CancellationToken cancellationToken) => SetEnabledAsync(id, false, cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(Guid id, CancellationToken cancellationToken) => SetEnabledAsync(id, true, cancellationToken);

    public async Task<IActionResult> OnPostSecretAsync(Guid id, CancellationToken cancellationToken)
    {
        int? days = int.TryParse(SecretExpiresInDays, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : string.IsNullOrWhiteSpace(SecretExpiresInDays) ? null : 0;
        var result = await service.CreateSecretAsync(OrgId, id, User, SecretDescription, days, cancellationToken);
        if (result.Error == AppErrors.AppNotFound)
        {
            return NotFound();
        }

        if (result.Fields is { Count: > 0 } fields)
        {
            foreach (var error in fields)
            {
                ModelState.AddModelError("Secret" + char.ToUpperInvariant(error.Field[0]) + error.Field[1..], $"{t["Apps.Secret.Field." + error.Field]}: {error.Message}");
            }
        }
        else if (!result.Succeeded)
        {
            ModelState.AddModelError("", t["Error." + result.Error].Value);
        }
        else
        {
            NewSecret = result.Secret;
            SecretDescription = null;
            Response.Headers.CacheControl = "no-store";
        }

        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        Input = AppForm.From(App);
        Version = App.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, Guid secretId, CancellationToken cancellationToken)
    {
        var result = await service.RevokeSecretAsync(OrgId, id, secretId, User, cancellationToken);
        if (result.Error == AppErrors.AppNotFound)
        {
            return NotFound();
        }

        TempData["Status"] = result.Succeeded ? t["Apps.Secret.Revoked"].Value : t["Error." + result.Error].Value;
        return Redirect("/Apps/" + id);
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!ConfirmDelete)
        {
            ModelState.AddModelError(nameof(ConfirmDelete), t["Apps.Delete.ConfirmRequired"].Value);
            if (!await LoadAsync(id, cancellationToken))
            {
                return NotFound();
            }

            Input = AppForm.From(App);
            return Page();
        }

        var result = await service.DeleteAsync(OrgId, id, User, Version, cancellationToken);
        if (result.Error == AppErrors.AppNotFound)
        {
            return NotFound();
        }

        if (!result.Succeeded)
        {
            TempData["Status"] = t["Error." + result.Error].Value;
            return Redirect("/Apps/" + id);
        }

        TempData["Status"] = t["Apps.Deleted"].Value;
        return Redirect("/Apps");
    }

    private Guid OrgId => User.OrganizationId()!.Value;

    private async Task<IActionResult> SetEnabledAsync(Guid id, bool enable, CancellationToken cancellationToken)
    {
        var result = await service.SetEnabledAsync(OrgId, id, User, enable, Version, cancellationToken);
        if (result.Error == AppErrors.AppNotFound)
        {
            return NotFound();
        }

        TempData["Status"] = result.Succeeded
            ? t[enable ? "Apps.Enabled" : "Apps.Disabled", result.App!.DisplayName].Value
            : t["Error." + result.Error].Value;
        return Redirect("/Apps/" + id);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await service.GetAsync(OrgId, id, cancellationToken) is not { } app)
        {
            return false;
        }

        App = app;
        Secrets = await service.ListSecretsAsync(OrgId, id, cancellationToken) ?? [];
        CanDelete = AppRegistrationService.CanDelete(User, OrgId);
        return true;
    }
}
