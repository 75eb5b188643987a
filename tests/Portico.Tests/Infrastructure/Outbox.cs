using MimeKit;

namespace Portico.Tests.Infrastructure;

/// <summary>Reads the .eml files the app wrote to its pickup directory, as a user's mailbox would.</summary>
public sealed class Outbox(string directory)
{
    public IReadOnlyList<MimeMessage> All() =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList()
            : [];

    public IReadOnlyList<MimeMessage> To(string email) =>
        All().Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, email, StringComparison.OrdinalIgnoreCase))).ToList();

    public MimeMessage? LatestTo(string email) => To(email) is { Count: > 0 } list ? list[^1] : null;
}
