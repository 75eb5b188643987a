using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Designations;

/// <summary>The posted fields of the certification form; dates arrive as text (yyyy-MM-dd) and are parsed here.</summary>
public sealed class CertificationForm
{
    public Guid? AccountId { get; set; }

    public string? Certification { get; set; }

    public string? EarnedOn { get; set; }

    public string? ExpiresOn { get; set; }

    public Guid? Version { get; set; }

    /// <summary>The service's input, or null after adding field errors for text that is no date (or a value that did not bind).</summary>
    public CertificationInput? ToInput(ModelStateDictionary modelState, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        var earned = DesignationForms.Date(modelState, t, "earnedOn", EarnedOn);
        var expires = DesignationForms.Date(modelState, t, "expiresOn", ExpiresOn);
        return modelState.IsValid ? new CertificationInput(AccountId, Certification, earned, expires, Version) : null;
    }

    public static CertificationForm From(CertificationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new()
        {
            AccountId = view.AccountId,
            Certification = view.Certification,
            EarnedOn = DesignationForms.Iso(view.EarnedOn),
            ExpiresOn = DesignationForms.Iso(view.ExpiresOn),
            Version = view.Version,
        };
    }
}

/// <summary>The posted fields of the customer deployment form; the date and seats arrive as text and are parsed here.</summary>
public sealed class DeploymentForm
{
    public string? CustomerName { get; set; }

    public string? SolutionArea { get; set; }

    public string? GoLiveOn { get; set; }

    public string? Seats { get; set; }

    public string? Workloads { get; set; }

    public Guid? Version { get; set; }

    public DeploymentInput? ToInput(ModelStateDictionary modelState, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        var goLive = DesignationForms.Date(modelState, t, "goLiveOn", GoLiveOn);
        int? seats = null;
        if (!string.IsNullOrWhiteSpace(Seats))
        {
            if (int.TryParse(Seats.Trim(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n))
            {
                seats = n;
            }
            else
            {
                DesignationForms.AddError(modelState, t, "seats", t["Validation." + FieldCodes.InvalidValue]);
            }
        }

        return modelState.IsValid ? new DeploymentInput(CustomerName, SolutionArea, goLive, seats, Workloads, Version) : null;
    }

    public static DeploymentForm From(DeploymentView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new()
        {
            CustomerName = view.CustomerName,
            SolutionArea = view.SolutionArea,
            GoLiveOn = DesignationForms.Iso(view.GoLiveOn),
            Seats = view.Seats.ToString(CultureInfo.InvariantCulture),
            Workloads = view.Workloads,
            Version = view.Version,
        };
    }
}

/// <summary>Parsing and error display shared by the Designations forms.</summary>
public static class DesignationForms
{
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly? Date(ModelStateDictionary modelState, IStringLocalizer t, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        AddError(modelState, t, field, t["Validation." + FieldCodes.InvalidValue]);
        return null;
    }

    /// <summary>Adds a failed command's errors to the page: field errors beside their fields, any other code as a summary line.</summary>
    public static void AddErrors<T>(ModelStateDictionary modelState, IStringLocalizer t, DesignationResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Fields is { Count: > 0 } fields)
        {
            foreach (var field in fields)
            {
                AddError(modelState, t, field.Field, field.Message);
            }

            return;
        }

        modelState.AddModelError("", t["Error." + result.Error]);
    }

    public static void AddError(ModelStateDictionary modelState, IStringLocalizer t, string field, string message)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(t);
        modelState.AddModelError("Input." + char.ToUpperInvariant(field[0]) + field[1..], t["Designations.Field." + field] + ": " + message);
    }
}
