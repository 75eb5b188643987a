using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Designations;

/// <summary>
/// Designations → Customer deployments (customer success): the deployments the organization recorded, with forms to
/// add, edit (<c>?edit={id}</c>, carrying the version read) and delete them. Works without JavaScript.
/// </summary>
[Authorize(Policy = CapabilityRequirement.PolicyPrefix + Capabilities.Designations)]
public sealed class DeploymentsModel(DesignationRecordService records, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty]
    public DeploymentForm Input { get; set; } = new();

    public IReadOnlyList<DeploymentView> Deployments { get; private set; } = [];

    public Guid? EditId { get; private set; }

    private Guid OrgId => User.OrganizationId()!.Value;

    public async Task<IActionResult> OnGetAsync(Guid? edit, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (edit is { } id)
        {
            if (Deployments.SingleOrDefault(d => d.Id == id) is not { } deployment)
            {
                return NotFound();
            }

            EditId = id;
            Input = DeploymentForm.From(deployment);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Input.Version = null;
        if (Input.ToInput(ModelState, t) is { } input)
        {
            var result = await records.CreateDeploymentAsync(OrgId, input, cancellationToken);
            if (result.Succeeded)
            {
                TempData["Status"] = t["Designations.DeploymentAdded", result.Value!.CustomerName].Value;
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
            var result = await records.UpdateDeploymentAsync(OrgId, id, input, cancellationToken);
            if (result.Error == DesignationErrors.DeploymentNotFound)
            {
                return NotFound();
            }

            if (result.Succeeded)
            {
                TempData["Status"] = t["Designations.DeploymentSaved", result.Value!.CustomerName].Value;
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
        var result = await records.DeleteDeploymentAsync(OrgId, id, version, cancellationToken);
        if (result.Error == DesignationErrors.DeploymentNotFound)
        {
            return NotFound();
        }

        TempData["Status"] = result.Succeeded ? t["Designations.DeploymentDeleted"].Value : t["Error." + result.Error].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Deployments = await records.DeploymentsAsync(OrgId, cancellationToken);
}
