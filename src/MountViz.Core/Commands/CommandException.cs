namespace MountViz.Core.Commands;

/// <summary>Carries a <see cref="CommandError"/> out of the depths of the parser; never leaves it.</summary>
internal sealed class CommandException(CommandError error) : Exception(error.Message)
{
    public CommandError Error { get; } = error;

    public static CommandException At(ShellToken token, string message, params IReadOnlyList<string> accepted) =>
        new(new CommandError(message, token.Start, token.Length, accepted));

    public static CommandException At(int start, int length, string message, params IReadOnlyList<string> accepted) =>
        new(new CommandError(message, start, length, accepted));
}
