using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Designations;

/// <summary>
/// Designations → Certifications: the certifications the organization's people hold (skilling), with forms to add,
/// edit (<c>?edit={id}</c>, carrying the version read) and delete them. Works without JavaScript.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Designations)]
public sealed class CertificationsModel(DesignationRecordService records, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public CertificationForm Input { get; set; } = new();

    public IReadOnlyList<CertificationView> Certifications { get; private set; } = [];

    public IReadOnlyList<PersonOption> People { get; private set; } = [];

    /// <summary>The certification being edited; null while the form adds a new one.</summary>
    public Guid? EditId { get; private set; }

    private Guid OrgId => User.OrganizationId()!.Value;

    public async Task<IActionResult> OnGetAsync(Guid? edit, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (edit is { } id)
        {
            if (Certifications.SingleOrDefault(c => c.Id == id) is not { } certification)
            {
                return NotFound();
            }

            EditId = id;
            Input = CertificationForm.From(certification);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Input.Version = null;
        if (Input.ToInput(ModelState, t) is { } input)
        {
            var result = await records.CreateCertificationAsync(OrgId, input, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = t["Designations.CertificationAdded", result.Value!.PersonName ?? "", result.Value.CertificationName].Value;
                return RedirectToPage();
            }

            DesignationForms.AddErrors(ModelState, t, result);
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken cancellationToken)
    {
        if (Input.ToInput(ModelState, t) is { } input)
        {
            var result = await records.UpdateCertificationAsync(OrgId, id, input, cancellationToken);
            if (result.Error == DesignationErrors.CertificationNotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                TempData["Status"] = t["Designations.CertificationSaved", result.Value!.PersonName ?? "", result.Value.CertificationName].Value;
                return RedirectToPage();
            }

            DesignationForms.AddErrors(ModelState, t, result);
        }

        await LoadAsync(cancellationToken);
        EditId = id;
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, Guid? version, CancellationToken cancellationToken)
    {
        var result = await records.DeleteCertificationAsync(OrgId, id, version, cancellationToken);
        if (result.Error == DesignationErrors.CertificationNotFound)
        {
            return NotFound();
        }

        TempData["Status"] = result.Succeeded ? t["Designations.CertificationDeleted"].Value : t["Error." + result.Error].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Certifications = await records.CertificationsAsync(OrgId, cancellationToken);
        People = await records.PeopleAsync(OrgId, cancellationToken);
    }
}
