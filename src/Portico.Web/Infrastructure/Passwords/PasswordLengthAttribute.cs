using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Portico.Web.Features.Accounts;

namespace Portico.Web.Infrastructure.Passwords;

/// <summary>
/// At most 256 characters as a person counts them (an emoji or a combined kana is one), with a hard cap of four UTF-16
/// units per character; the same rule as the API's <c>Validate.Password</c>. Never truncates.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PasswordLengthAttribute : ValidationAttribute
{
    public PasswordLengthAttribute()
        : base("Validation.too_long")
    {
    }

    public override bool IsValid(object? value) =>
        value is not string s || (s.Length <= Account.PasswordMaxLength * 4 && new StringInfo(s).LengthInTextElements <= Account.PasswordMaxLength);

    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, Account.PasswordMaxLength);
}
