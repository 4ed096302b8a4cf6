using System.Text;

namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>Paths as raw bytes, so tests can name directories that are not valid UTF-8.</summary>
public static class BytePath
{
    /// <summary>The bytes of an ASCII (or UTF-8) path.</summary>
    public static byte[] Of(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary><paramref name="directory"/> + <c>/</c> + <paramref name="name"/>.</summary>
    public static byte[] Join(byte[] directory, byte[] name)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(name);
        if (name.AsSpan().Contains((byte)'/') || name.Length == 0)
        {
            throw new ArgumentException("A name is one non-empty path component without '/'.", nameof(name));
        }

        return [.. directory, (byte)'/', .. name];
    }

    /// <summary><paramref name="directory"/> + <c>/</c> + the UTF-8 bytes of <paramref name="name"/>.</summary>
    public static byte[] Join(byte[] directory, string name) => Join(directory, Of(name));

    /// <summary>A copy with a trailing NUL, for a <c>byte*</c> argument.</summary>
    internal static byte[] NullTerminated(byte[] path)
    {
        if (path.AsSpan().Contains((byte)0))
        {
            throw new ArgumentException("A path cannot contain a NUL byte.", nameof(path));
        }

        return [.. path, 0];
    }
}
