using System.Text.RegularExpressions;
using MimeKit;

namespace Portico.BrowserTests.Infrastructure;

/// <summary>Reads the .eml files the server wrote to its pickup directory, as the recipient's mail client would.</summary>
/// <remarks>
/// Note: every test shares one server and so one pickup directory; match on the recipient, the subject and
/// <c>since</c> (the test's start) so that another test's mail is never taken for this one's.
/// </remarks>
public sealed partial class Outbox(string directory)
{
    public IReadOnlyList<MimeMessage> All() =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList()
            : [];

    /// <summary>
    /// The first message to <paramref name="email"/> written at or after <paramref name="since"/> that matches, waiting
    /// a little because the server may still be sending it.
    /// </summary>
    public async Task<MimeMessage> WaitForAsync(string email, DateTimeOffset since, Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);

        // Note: the Date header has whole seconds only.
        var from = since.AddSeconds(-1);
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var found = All().FirstOrDefault(m =>
                m.Date >= from
                && m.To.Mailboxes.Any(b => string.Equals(b.Address, email, StringComparison.OrdinalIgnoreCase))
                && match(m));
            if (found is not null)
            {
                return found;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                var subjects = string.Join(Environment.NewLine, All().Where(m => m.Date >= from).Select(m => $"  {m.To} — {m.Subject}"));
                Assert.Fail($"No matching email to {email} arrived. Sent since the test started:{Environment.NewLine}{subjects}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The http(s) links in a message's text body, in order.</summary>
    public static IReadOnlyList<Uri> Links(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return [.. Link().Matches(message.TextBody ?? "").Select(m => new Uri(m.Value))];
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Link();
}
