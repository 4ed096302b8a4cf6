namespace MountViz.Linux.Tests.Sandboxing;

/// <summary>How a command run inside a sandbox ended.</summary>
/// <param name="ExitCode">The exit code (128 + signal when killed).</param>
/// <param name="Stdout">Standard output as raw bytes (paths need not be UTF-8).</param>
/// <param name="Stderr">Standard error as text.</param>
public sealed record CommandResult(int ExitCode, byte[] Stdout, string Stderr);
