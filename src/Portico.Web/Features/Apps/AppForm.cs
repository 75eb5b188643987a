using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Apps;

/// <summary>The posted fields of the New registration and Edit forms; redirect URIs are typed one per line.</summary>
public sealed class AppForm
{
    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    public string? Platform { get; set; } = nameof(AppPlatform.Web);

    public string? RedirectUris { get; set; }

    public static AppForm From(AppView app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new AppForm
        {
            DisplayName = app.DisplayName,
            Description = app.Description,
            Platform = app.Platform,
            RedirectUris = string.Join("\r\n", app.RedirectUris),
        };
    }

    /// <summary>The service input; blank lines of the redirect URI box are ignored.</summary>
    public AppInput ToInput() => new(
        DisplayName,
        string.IsNullOrWhiteSpace(Description) ? null : Description,
        Platform,
        (RedirectUris ?? "").Split('\n').Select(l => l.Trim('\r', ' ', '\t')).Where(l => l.Length > 0).Select(l => (string?)l).ToList());

    /// <summary>Adds the service's field errors (API field names) to the form's fields, each prefixed with its label.</summary>
    public static void AddErrors(ModelStateDictionary modelState, IReadOnlyList<FieldError> errors, IStringLocalizer t)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(t);
        foreach (var error in errors)
        {
            var bracket = error.Field.IndexOf('[', StringComparison.Ordinal);
            var field = bracket < 0 ? error.Field : error.Field[..bracket];
            var label = t["Apps.Field." + field].Value;
            if (bracket >= 0 && int.TryParse(error.Field[(bracket + 1)..^1], CultureInfo.InvariantCulture, out var index))
            {
                label = t["Apps.RedirectUriLine", label, index + 1].Value;
            }

            modelState.AddModelError("Input." + char.ToUpperInvariant(field[0]) + field[1..], $"{label}: {error.Message}");
        }
    }
}
