namespace MountViz.Core.Mountinfo;

/// <summary>A line of mountinfo that could not be parsed, and why.</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="ByteOffset">Offset in the file of the byte where parsing stopped.</param>
/// <param name="Message">What was expected there.</param>
/// <param name="Text">The line as it was, for display (non-UTF-8 bytes as octal escapes).</param>
public sealed record MountInfoDiagnostic(int Line, long ByteOffset, string Message, string Text)
{
    /// <inheritdoc/>
    public override string ToString() => $"line {Line} (byte {ByteOffset}): {Message}";
}
