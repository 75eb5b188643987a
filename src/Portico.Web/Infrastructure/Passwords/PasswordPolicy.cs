using System.Globalization;
using System.Text;

namespace Portico.Web.Infrastructure.Passwords;

/// <summary>Why a new password was refused; each has <c>PasswordRule.&lt;code&gt;</c> in both resource files.</summary>
public static class PasswordRules
{
    public const string TooShort = "too_short";
    public const string TooLong = "too_long";
    public const string Common = "common";
    public const string ContainsPersonalInfo = "contains_personal_info";
    public const string InvalidCharacters = "invalid_characters";
    public const string SameAsCurrent = "same_as_current";
}

/// <summary>What a password must not be built from: the account's name, email and organization.</summary>
public sealed record PasswordContext(string? DisplayName, string? Email, string? OrganizationName, bool HasMfa);

/// <summary>
/// NIST SP 800-63B rev 4 password rules: length (15 without MFA, 8 with; up to 256, NFKC-normalised, never
/// truncated), no composition rules, refusal of common or breached passwords and of passwords built from the
/// user's own name, email or organization name.
/// </summary>
public sealed class PasswordPolicy
{
    public const int MinLengthWithoutMfa = 15;
    public const int MinLengthWithMfa = 8;
    public const int MaxLength = 256;

    private readonly HashSet<string> blocklist;

    public PasswordPolicy(IWebHostEnvironment environment)
        : this(LoadBlocklist(FindBlocklist(environment)))
    {
    }

    /// <summary>The shipped blocklist, beside the app (copied to the output) or under the content root.</summary>
    /// <remarks>Note: a missing blocklist fails start-up rather than silently accepting common passwords.</remarks>
    private static string FindBlocklist(IWebHostEnvironment environment)
    {
        var relative = Path.Combine("Infrastructure", "Passwords", "common-passwords.txt");
        var candidates = new[] { Path.Combine(AppContext.BaseDirectory, relative), Path.Combine(environment.ContentRootPath, relative) };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("The common-password blocklist is missing; it ships with the app.", candidates[0]);
    }

    internal PasswordPolicy(IEnumerable<string> blocklist)
    {
        this.blocklist = new HashSet<string>(blocklist, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Returns the rule codes the password breaks; empty when it is acceptable.</summary>
    public IReadOnlyList<string> Evaluate(string password, PasswordContext context)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(context);
        var failures = new List<string>();
        if (password.Any(char.IsControl))
        {
            failures.Add(PasswordRules.InvalidCharacters);
            return failures;
        }

        var normalized = password.Normalize(NormalizationForm.FormKC);

        // Note: length counts characters as the user typed them (text elements), after NFKC.
        var length = new StringInfo(normalized).LengthInTextElements;
        if (length > MaxLength || password.Length > MaxLength * 4)
        {
            failures.Add(PasswordRules.TooLong);
            return failures;
        }

        if (length < (context.HasMfa ? MinLengthWithMfa : MinLengthWithoutMfa))
        {
            failures.Add(PasswordRules.TooShort);
        }

        var personal = PersonalTokens(context);
        var folded = normalized.ToLowerInvariant();
        if (personal.Any(token => folded.Contains(token, StringComparison.Ordinal)))
        {
            failures.Add(PasswordRules.ContainsPersonalInfo);
        }

        if (IsCommon(normalized, personal))
        {
            failures.Add(PasswordRules.Common);
        }

        return failures;
    }

    private bool IsCommon(string normalized, IReadOnlyList<string> personal)
    {
        if (blocklist.Contains(normalized) || blocklist.Contains(StripTrailingDigitsAndSymbols(normalized)))
        {
            return true;
        }

        // Note: zxcvbn's estimate is for short inputs; long passphrases are not scored down for being words.
        var sample = normalized.Length > 100 ? normalized[..100] : normalized;
        var result = Zxcvbn.Zxcvbn.MatchPassword(sample, personal);
        return result.Score < 3;
    }

    private static string StripTrailingDigitsAndSymbols(string value) =>
        value.TrimEnd("0123456789!@#$%^&*()-_=+.?~ ".ToCharArray());

    private static List<string> PersonalTokens(PasswordContext context)
    {
        var tokens = new List<string>();
        void Add(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            foreach (var part in text.Normalize(NormalizationForm.FormKC).ToLowerInvariant()
                .Split([' ', '.', '@', '-', '_', '+', ',', '　'], StringSplitOptions.RemoveEmptyEntries))
            {
                // Note: very short parts ("a", "jp") would refuse too many good passwords.
                if (new StringInfo(part).LengthInTextElements >= (part.Any(c => c > 0x2E80) ? 2 : 4) && !tokens.Contains(part))
                {
                    tokens.Add(part);
                }
            }
        }

        Add(context.DisplayName);
        Add(context.OrganizationName);
        var email = context.Email;
        if (!string.IsNullOrEmpty(email))
        {
            var at = email.IndexOf('@', StringComparison.Ordinal);
            Add(at > 0 ? email[..at] : email);
            if (at > 0)
            {
                var domain = email[(at + 1)..].Split('.')[0];
                Add(domain);
            }
        }

        return tokens;
    }

    private static IEnumerable<string> LoadBlocklist(string path) =>
        File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));
}
