using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Portico.Bench.SignIn;

/// <summary>
/// One keep-alive HTTP/1.1 connection, used from one thread with blocking calls, that sends prepared request bytes
/// and reads the response's status, headers and body (Content-Length or chunked): the work of a load generator such
/// as wrk, and no more.
/// </summary>
/// <remarks>
/// The load generator runs on the same two cores as the server, so its CPU is taken from the server's. Through
/// HttpClient it cost 0.20–0.28 ms per sign-in (JSON serialization, the handler pipeline, async completions handed
/// between threads); blocking calls on a thread per client leave only the two system calls each request needs.
/// </remarks>
internal sealed class KeepAliveClient(IPEndPoint server) : IDisposable
{
    private readonly byte[] buffer = new byte[64 * 1024];
    private Socket? socket;
    private int start;
    private int end;

    /// <summary>Builds the bytes of one JSON POST.</summary>
    public static byte[] JsonPost(IPEndPoint server, string path, string json)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"POST {path} HTTP/1.1\r\nHost: {server}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n"));
        return [.. head, .. body];
    }

    /// <summary>Sends one request and reads its whole response; returns the status code.</summary>
    public int Send(byte[] request)
    {
        if (socket is null)
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Connect(server);
            start = end = 0;
        }

        try
        {
            socket.Send(request);
            var statusLine = ReadLine();
            var status = int.Parse(statusLine.AsSpan(9, 3), CultureInfo.InvariantCulture);
            var contentLength = 0;
            var chunked = false;
            var close = false;
            for (var line = ReadLine(); line.Length > 0; line = ReadLine())
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    contentLength = int.Parse(line.AsSpan(15).Trim(), CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = line.Contains("chunked", StringComparison.OrdinalIgnoreCase);
                }
                else if (line.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase))
                {
                    close = line.Contains("close", StringComparison.OrdinalIgnoreCase);
                }
            }

            if (chunked)
            {
                for (var size = ReadChunkSize(); size > 0; size = ReadChunkSize())
                {
                    Skip(size + 2);
                }

                // Note: after the last chunk come optional trailers and an empty line.
                while ((ReadLine()).Length > 0)
                {
                }
            }
            else
            {
                Skip(contentLength);
            }

            if (close)
            {
                Reset();
            }

            return status;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            Reset();
            throw;
        }
    }

    public void Dispose() => Reset();

    private int ReadChunkSize()
    {
        var line = ReadLine();
        var extension = line.IndexOf(';', StringComparison.Ordinal);
        return int.Parse(extension < 0 ? line : line[..extension], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    private string ReadLine()
    {
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf("\r\n"u8);
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(buffer, start, newline);
                start += newline + 2;
                return line;
            }

            Fill();
        }
    }

    private void Skip(int count)
    {
        while (count > 0)
        {
            if (start == end)
            {
                Fill();
            }

            var taken = Math.Min(count, end - start);
            start += taken;
            count -= taken;
        }
    }

    private void Fill()
    {
        if (start == end)
        {
            start = end = 0;
        }
        else if (end == buffer.Length)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        var read = socket!.Receive(buffer, end, buffer.Length - end, SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }

        end += read;
    }

    private void Reset()
    {
        socket?.Dispose();
        socket = null;
        start = end = 0;
    }
}
