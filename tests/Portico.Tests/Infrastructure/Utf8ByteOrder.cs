using System.Text;

namespace Portico.Tests.Infrastructure;

/// <summary>Orders strings by their UTF-8 bytes: the user list's order on both databases (SQLite BINARY, PostgreSQL "C").</summary>
public sealed class Utf8ByteOrder : IComparer<string?>
{
    public static readonly Utf8ByteOrder Instance = new();

    public int Compare(string? x, string? y) =>
        Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y ?? ""));
}
