using MimeKit;

namespace Portico.Tests.Infrastructure;

/// <summary>Reads the .eml files the app wrote to its pickup directory, as a user's mailbox would.</summary>
/// <param name="settle">Waits for mail the app sends off the request (queued notices) before the directory is read.</param>
public sealed class Outbox(string directory, Action? settle = null)
{
    public IReadOnlyList<MimeMessage> All()
    {
        settle?.Invoke();
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f)).ToList()
            : [];
    }

    public IReadOnlyList<MimeMessage> To(string email) =>
        All().Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, email, StringComparison.OrdinalIgnoreCase))).ToList();

    public MimeMessage? LatestTo(string email) => To(email) is { Count: > 0 } list ? list[^1] : null;
}
