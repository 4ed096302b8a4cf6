using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace MountViz.Linux.Procfs;

/// <summary>Reads procfs files, whose stat size is 0, whole and at once.</summary>
public static class ProcFiles
{
    private const int FirstChunk = 64 * 1024;

    /// <summary>
    /// Reads a file to its end in as few read calls as it takes (one read of procfs's seq_file
    /// returns whole lines; reading to EOF gives a consistent view for mountinfo).
    /// </summary>
    /// <exception cref="IOException">The file cannot be opened or read; the message names the path.</exception>
    public static byte[] ReadAllBytes(string path)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(FirstChunk);
        try
        {
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
