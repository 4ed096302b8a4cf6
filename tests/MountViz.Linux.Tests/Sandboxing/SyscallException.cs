using System.Runtime.InteropServices;
using MountViz.Core.Mountinfo;

namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>A system call made for a test failed; carries errno so a test can expect a specific one.</summary>
public sealed class SyscallException : IOException
{
    /// <summary>Creates the exception from the errno of the call that just failed.</summary>
    public SyscallException(string call, int errno, byte[]? path)
        : base(Describe(call, errno, path))
    {
        Call = call;
        Errno = errno;
    }

    /// <summary>The call that failed, as written in the message.</summary>
    public string Call { get; }

    /// <summary>The errno the call set.</summary>
    public int Errno { get; }

    /// <summary>Throws for a <c>-1</c> result, with the errno of the call just made; returns other results.</summary>
    public static int Check(int result, string call, byte[]? path = null)
    {
        if (result == -1)
        {
            throw new SyscallException(call, Marshal.GetLastPInvokeError(), path);
        }

        return result;
    }

    private static string Describe(string call, int errno, byte[]? path)
    {
        string where = path is null ? string.Empty : $" on '{MountText.ToDisplay(MountText.Decode(path))}'";
        return $"{call}{where} failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}). "
            + "The sandbox needs root (CAP_SYS_ADMIN) and util-linux; the test's own setup is wrong if the path is unexpected.";
    }
}
