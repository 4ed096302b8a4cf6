using System.Text.RegularExpressions;
using MountViz.Core.Mountinfo;

namespace MountViz.Core.Operations;

/// <summary>
/// <c>echo [-n] TEXT &gt; FILE</c> (or <c>&gt;&gt;</c> to append): writes the text, followed by a
/// newline unless -n, creating the file with mode 0644. The text is written as typed; like
/// bash's echo, backslashes are not interpreted.
/// </summary>
/// <param name="File">The file to write.</param>
/// <param name="Text">The text. It cannot be one of echo's own options (<c>-n</c>, <c>-e</c>, <c>-nE</c>, ...).</param>
/// <param name="Newline">Whether a newline follows the text (echo without -n).</param>
/// <param name="Append">&gt;&gt;: append instead of replacing the file's content.</param>
public sealed partial record WriteFileOperation(string File, string Text, bool Newline = true, bool Append = false) : Operation
{
    /// <summary>The mode passed to open(2) for a new file: 0644.</summary>
    public const int Mode = 0x1A4;

    /// <summary>The file to write.</summary>
    public string File { get; } = LabPath.Check(File, nameof(File));

    /// <summary>The text, without the newline.</summary>
    public string Text { get; } = CheckText(Text, nameof(Text));

    /// <summary>The exact bytes written: the text (UTF-8, escaped bytes restored) and the newline.</summary>
    public byte[] Content => MountText.Encode(Newline ? Text + "\n" : Text);

    /// <inheritdoc/>
    public override string ShellCommand =>
        $"echo {(Newline ? "" : "-n ")}{ShellQuote.Quote(Text)} {(Append ? ">>" : ">")} {ShellQuote.Quote(File)}";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Syscalls
    {
        get
        {
            string mode = Append ? "O_WRONLY|O_CREAT|O_APPEND" : "O_WRONLY|O_CREAT|O_TRUNC";
            var calls = new List<string> { $"open({CString.Literal(File)}, {mode}, {CString.Mode(Mode)})" };
            byte[] content = Content;
            if (content.Length > 0)
            {
                calls.Add($"write(fd, {CString.Literal(Newline ? Text + "\n" : Text)}, {content.Length})");
            }

            calls.Add("close(fd)");
            return calls;
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> Paths => [File];

    /// <inheritdoc/>
    public override WriteFileOperation Resolve(string cwd) => new(LabPath.Resolve(File, cwd), Text, Newline, Append);

    /// <summary>Whether echo reads <paramref name="word"/> as its own option rather than as text.</summary>
    public static bool IsEchoOption(string word) => EchoOption().IsMatch(word);

    private static string CheckText(string text, string paramName)
    {
        ArgumentNullException.ThrowIfNull(text, paramName);
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The text cannot contain a NUL character.", paramName);
        }

        if (IsEchoOption(text))
        {
            throw new ArgumentException($"echo would read '{text}' as its option, not as text.", paramName);
        }

        return text;
    }

    [GeneratedRegex("^-[neE]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex EchoOption();
}
