using System.Net.Mail;
using Microsoft.Extensions.Localization;
using Portico.Web.Resources;

namespace Portico.Web.Infrastructure.Api;

/// <summary>
/// Collects field errors for a request body. Guard clauses on public entry points: every string is checked for
/// presence, length and control characters before anything touches the database.
/// </summary>
public sealed class Validate(IStringLocalizer localizer)
{
    private readonly List<FieldError> errors = [];

    public static Validate For(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>());

    public bool IsValid => errors.Count == 0;

    public IReadOnlyList<FieldError> Errors => errors;

    /// <param name="multiline">Allow line breaks and tabs (free text such as a support message); other control characters are still refused.</param>
    public Validate Text(string field, string? value, int maxLength, bool required = true, bool multiline = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, FieldCodes.Required);
            }
        }
        else if (value.Length > maxLength)
        {
            Add(field, FieldCodes.TooLong, maxLength);
        }
        else if (value.Any(c => char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
        {
            Add(field, FieldCodes.InvalidCharacters);
        }

        return this;
    }

    /// <summary>
    /// A whole number from the query string between <paramref name="min"/> and <paramref name="max"/>; absent gives
    /// <paramref name="fallback"/>, anything else (text, a sign, out of range) a field error and the fallback.
    /// </summary>
    /// <remarks>Note: query numbers are read as text so "abc" or "-1" answer a field error, not a binding failure.</remarks>
    public int Number(string field, string? value, int fallback, int min, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        var ok = int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n >= min && n <= max;
        Check(ok, field, FieldCodes.OutOfRange);
        return ok ? n : fallback;
    }

    public Validate Email(string field, string? value)
    {
        Text(field, value, Features.Accounts.Account.EmailMaxLength);
        if (!string.IsNullOrWhiteSpace(value) && errors.All(e => e.Field != field) && !IsEmail(value))
        {
            Add(field, FieldCodes.InvalidEmail);
        }

        return this;
    }

    /// <summary>Passwords may contain any printable character including spaces; only presence and length are checked.</summary>
    public Validate Password(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, FieldCodes.Required);
        }
        else if (value.Length > Features.Accounts.Account.PasswordMaxLength * 4
            || new System.Globalization.StringInfo(value).LengthInTextElements > Features.Accounts.Account.PasswordMaxLength)
        {
            // Note: 256 characters as a person counts them (an emoji is one), with a hard cap on UTF-16 units.
            Add(field, FieldCodes.TooLong, Features.Accounts.Account.PasswordMaxLength);
        }
        else if (value.Any(c => char.IsControl(c)))
        {
            Add(field, FieldCodes.InvalidCharacters);
        }

        return this;
    }

    public Validate Check(bool condition, string field, string code)
    {
        if (!condition)
        {
            Add(field, code);
        }

        return this;
    }

    public ApiProblem ToProblem() => ApiProblem.Validation(errors);

    public static bool IsEmail(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > Features.Accounts.Account.EmailMaxLength || trimmed.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return false;
        }

        return MailAddress.TryCreate(trimmed, out var address)
            && address.Address == trimmed
            && address.Host.Contains('.', StringComparison.Ordinal)
            && !address.Host.EndsWith('.');
    }

    private void Add(string field, string code, object? argument = null) =>
        errors.Add(new FieldError(field, code, argument is null
            ? localizer["Validation." + code].Value
            : localizer["Validation." + code, argument].Value));
}
