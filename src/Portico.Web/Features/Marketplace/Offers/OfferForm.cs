using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Marketplace.Offers;

/// <summary>The posted fields of the New offer and Edit offer forms.</summary>
public sealed class OfferForm
{
    public string? Name { get; set; }

    public string? OfferType { get; set; }

    public string? Summary { get; set; }

    public string? Description { get; set; }

    public string? PricingModel { get; set; } = nameof(Marketplace.PricingModel.Free);

    /// <summary>As typed (digits and a decimal point); parsed here so a bad number is a field error, not a binding error.</summary>
    public string? Price { get; set; }

    public string? Currency { get; set; }

    public static OfferForm From(OfferView offer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        return new OfferForm
        {
            Name = offer.Name,
            OfferType = offer.OfferType,
            Summary = offer.Summary,
            Description = offer.Description,
            PricingModel = offer.PricingModel,
            Price = offer.Price?.ToString(offer.Currency == "JPY" ? "0" : "0.00", CultureInfo.InvariantCulture),
            Currency = offer.Currency,
        };
    }

    /// <summary>
    /// The service input, or null after adding a field error for a price that is not a number. A free offer's price
    /// and currency fields are ignored (the form keeps them visible without JavaScript).
    /// </summary>
    public OfferInput? ToInput(ModelStateDictionary modelState, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(t);
        var free = PricingModel == nameof(Marketplace.PricingModel.Free);
        decimal? price = null;
        if (!free && !string.IsNullOrWhiteSpace(Price))
        {
            if (!decimal.TryParse(Price.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
            {
                modelState.AddModelError("Input.Price", $"{t["Offers.Field.price"]}: {t["Validation." + FieldCodes.InvalidValue]}");
                return null;
            }

            price = parsed;
        }

        return new OfferInput(Name, OfferType, Summary, Description, PricingModel, price, free || string.IsNullOrEmpty(Currency) ? null : Currency);
    }

    /// <summary>Adds the service's field errors (API field names) to the form's fields, each prefixed with its label.</summary>
    public static void AddErrors(ModelStateDictionary modelState, IReadOnlyList<FieldError> errors, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(t);
        foreach (var error in errors)
        {
            modelState.AddModelError("Input." + char.ToUpperInvariant(error.Field[0]) + error.Field[1..], $"{t["Offers.Field." + error.Field]}: {error.Message}");
        }
    }
}
