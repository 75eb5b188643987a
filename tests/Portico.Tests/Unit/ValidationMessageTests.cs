using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Resources;
using Portico.Tests.Pages;

namespace Portico.Tests.Unit;

/// <summary>
/// Length rules on forms name their limit, in both languages: a data annotation formats its message with the field's
/// name as {0} and the limit as {1}, so a message written for {0} read "at most Email characters".
/// </summary>
public sealed class ValidationMessageTests(PagesPortalFactory factory) : IClassFixture<PagesPortalFactory>
{
    private static readonly ResourceManager Resources = new("Portico.Web.Resources.SharedResource", typeof(Web.Resources.SharedResource).Assembly);

    public static TheoryData<string> Cultures => ["en-US", "ja-JP"];

    private static IEnumerable<(string Field, ValidationAttribute Attribute, int Limit)> LengthRules() =>
        typeof(Web.Resources.SharedResource).Assembly.GetTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(p => p.GetCustomAttributes<ValidationAttribute>().Select(a => (Field: $"{p.DeclaringType!.FullName}.{p.Name}", Attribute: a)))
            .Where(r => r.Attribute.ErrorMessage is not null)
            .Select(r => (r.Field, r.Attribute, Limit: r.Attribute switch
            {
                StringLengthAttribute s => s.MaximumLength,
                MaxLengthAttribute m => m.Length,
                _ => -1,
            }))
            .Where(r => r.Limit >= 0);

    [Theory]
    [MemberData(nameof(Cultures))]
    public void LengthRules_EveryFormField_MessageNamesTheLimit(string culture)
    {
        var rules = LengthRules().ToList();
        Assert.NotEmpty(rules);

        var wrong = rules
            .Where(r => r.Attribute.ErrorMessage != "Validation.invalid_value")
            .Select(r =>
            {
                var template = Resources.GetString(r.Attribute.ErrorMessage!, CultureInfo.GetCultureInfo(culture)) ?? "";
                var message = string.Format(CultureInfo.InvariantCulture, template, "FIELD", r.Limit, 0);
                return (r.Field, message, r.Limit);
            })
            .Where(r => r.message.Contains("FIELD", StringComparison.Ordinal) || !r.message.Contains(r.Limit.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
            .Select(r => $"{r.Field}: {r.message}")
            .ToList();

        Assert.Equal([], wrong);
    }

    [Theory]
    [InlineData("en-US", "This field is too long (at most 254 characters).")]
    [InlineData("ja-JP", "この項目が長すぎます (254 文字以内)。")]
    public async Task SignInPage_EmailField_ShowsItsLengthLimit(string culture, string expected)
    {
        var client = new PageClient(factory);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);

        var response = await client.GetAsync("/SignIn");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"data-val-length=\"{WebUtility.HtmlEncode(expected)}\"", client.LastHtml, StringComparison.Ordinal);
    }
}
