using System.Collections.Frozen;

namespace Portico.Web.Features.Verification;

/// <summary>The shipped list of personal (free) mail domains (<c>free-mail-domains.txt</c>).</summary>
/// <remarks>Note: a missing list fails start-up rather than silently accepting personal addresses.</remarks>
public sealed class FreeMailDomains
{
    private readonly FrozenSet<string> domains;

    public FreeMailDomains(IWebHostEnvironment environment)
        : this(File.ReadLines(FindList(environment)))
    {
    }

    internal FreeMailDomains(IEnumerable<string> lines) =>
        domains = lines
            .Select(l => l.Trim().ToLowerInvariant())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToFrozenSet(StringComparer.Ordinal);

    public int Count => domains.Count;

    /// <summary>True when <paramref name="domain"/> (or a parent of it) is a personal mail domain.</summary>
    public bool IsFreeMail(string domain)
    {
        var d = domain.Trim().TrimEnd('.').ToLowerInvariant();
        while (d.Length > 0)
        {
            if (domains.Contains(d))
            {
                return true;
            }

            var dot = d.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                return false;
            }

            d = d[(dot + 1)..];
        }

        return false;
    }

    private static string FindList(IWebHostEnvironment environment)
    {
        var relative = Path.Combine("Features", "Verification", "free-mail-domains.txt");
        var candidates = new[] { Path.Combine(AppContext.BaseDirectory, relative), Path.Combine(environment.ContentRootPath, relative) };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("The free-mail domain list is missing; it ships with the app.", candidates[0]);
    }
}
