using Microsoft.Extensions.Options;
using Portico.Web.Infrastructure.Email;

namespace Portico.Web.Infrastructure.Sms;

/// <summary>The seam for text messages to mobile phones (verification codes). Register another implementation for a real gateway.</summary>
public interface ISmsSender
{
    Task SendAsync(string phoneNumber, string text, CancellationToken cancellationToken = default);
}

/// <summary>
/// The default sender: writes each text message as a file into the email pickup directory
/// (<c>*.sms.txt</c>, recipient on the first line), where an operator or a test reads it. Nothing is reported as
/// delivered that was not written.
/// </summary>
public sealed class OutboxSmsSender(IOptions<EmailOptions> options, TimeProvider time) : ISmsSender
{
    public async Task SendAsync(string phoneNumber, string text, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetFullPath(options.Value.PickupDirectory);
        Directory.CreateDirectory(directory);
        var name = $"{time.GetUtcNow():yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}.sms.txt";
        var temp = Path.Combine(directory, name + ".tmp");
        await File.WriteAllTextAsync(temp, $"To: {phoneNumber}\n\n{text}\n", cancellationToken);

        // Note: write then rename, so a reader never sees half a message.
        File.Move(temp, Path.Combine(directory, name));
    }
}
