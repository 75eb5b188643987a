using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Referrals;

/// <summary>The posted fields of the New deal and Edit deal forms; numbers and dates arrive as text and are parsed here.</summary>
public sealed class DealForm
{
    public string? CustomerName { get; set; }

    public string? ContactName { get; set; }

    public string? ContactEmail { get; set; }

    public string? Description { get; set; }

    public string? Value { get; set; }

    public string? Currency { get; set; } = "USD";

    public string? ExpectedCloseDate { get; set; }

    public Guid? OwnerId { get; set; }

    public Guid? LocationId { get; set; }

    public Guid? Version { get; set; }

    public string? SolutionArea { get; set; }

    /// <summary>The service's input, or null after adding field errors for text that is no number or date.</summary>
    public DealInput? ToInput(ModelStateDictionary modelState, IStringLocalizer<SharedResource> t)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        decimal? value = null;
        if (!string.IsNullOrWhiteSpace(Value))
        {
            if (decimal.TryParse(Value.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v))
            {
                value = v;
            }
            else
            {
                AddError(modelState, t, "value", t["Validation." + FieldCodes.InvalidValue]);
            }
        }

        DateOnly? close = null;
        if (!string.IsNullOrWhiteSpace(ExpectedCloseDate))
        {
            if (DateOnly.TryParseExact(ExpectedCloseDate.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                close = d;
            }
            else
            {
                AddError(modelState, t, "expectedCloseDate", t["Validation." + FieldCodes.InvalidValue]);
            }
        }

        return modelState.IsValid
            ? new DealInput(CustomerName, ContactName, ContactEmail, Description, value, Currency, close, OwnerId, LocationId, Version, SolutionArea)
            : null;
    }

    public static DealForm From(DealView deal)
    {
        ArgumentNullException.ThrowIfNull(deal);
        return new()
        {
            CustomerName = deal.CustomerName,
            ContactName = deal.ContactName,
            ContactEmail = deal.ContactEmail,
            Description = deal.Description,
            Value = deal.Value.ToString(CultureInfo.InvariantCulture),
            Currency = deal.Currency,
            ExpectedCloseDate = deal.ExpectedCloseDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            OwnerId = deal.OwnerId,
            LocationId = deal.LocationId,
            Version = deal.Version,
            SolutionArea = deal.SolutionArea,
        };
    }

    /// <summary>Adds a failed command's errors to the page: field errors beside their fields, any other code as a summary line.</summary>
    public static void AddErrors(ModelStateDictionary modelState, IStringLocalizer<SharedResource> t, DealResult result, string prefix = "Input.")
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Fields is { Count: > 0 } fields)
        {
            foreach (var field in fields)
            {
                AddError(modelState, t, field.Field, field.Message, prefix);
            }

            return;
        }

        modelState.AddModelError("", t["Error." + result.Error]);
    }

    private static void AddError(ModelStateDictionary modelState, IStringLocalizer<SharedResource> t, string field, string message, string prefix = "Input.") =>
        modelState.AddModelError(prefix + char.ToUpperInvariant(field[0]) + field[1..], t["Deals.Field." + field] + ": " + message);
}
