using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MountViz.Core.Commands;
using MountViz.Core.Labs;
using MountViz.Core.Operations;

namespace MountViz.Core.Scenarios;

/// <summary>
/// Saves a lab's operation history as a scenario file: one step per operation, in its
/// namespace, with the command as the lab ran it (namespace creations included, as
/// <c>unshare</c> commands). An operation the kernel refused becomes a step that expects the
/// same errno, so a replay checks the refusal too. Replaying the file in a fresh lab
/// (<see cref="ScenarioRunner"/>) gives the same mount tables, up to IDs and group numbers
/// (<see cref="MountTableNormalizer"/>).
/// </summary>
public static class ScenarioRecorder
{
    // JSON's escapes are YAML's; the relaxed encoder keeps `>` and non-ASCII text readable.
    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The scenario YAML for <paramref name="lab"/>'s <paramref name="history"/> (oldest first).</summary>
    /// <exception cref="ArgumentException">The history holds no operation to record.</exception>
    public static string ToYaml(LabInfo lab, IReadOnlyList<OperationRecord> history, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(history);
        var created = new HashSet<string>(StringComparer.Ordinal);
        var steps = new StringBuilder();
        var skipped = new List<string>();
        foreach (OperationRecord record in history)
        {
            OperationResult result = record.Result;
            if (!result.Ok && result.Errno is null)
            {
                // Refused by MountViz before the kernel was asked: nothing changed, and no errno to expect.
                skipped.Add(result.ShellCommand);
                continue;
            }

            if (CommandParser.Parse(result.ShellCommand).Operation is CreateNamespaceOperation create)
            {
                created.Add(create.Name);
            }

            steps.Append("  - namespace: ").Append(record.Namespace).Append('\n');
            steps.Append("    run: ").Append(Quote(result.ShellCommand)).Append('\n');
            if (!result.Ok)
            {
                steps.Append("    expect:\n      - errno: ").Append(result.Errno).Append('\n');
            }
        }

        if (steps.Length == 0)
        {
            throw new ArgumentException($"Lab {lab.Id} has no operation in its history to record.", nameof(history));
        }

        var yaml = new StringBuilder();
        yaml.Append("title: ").Append(Quote(title ?? $"Recorded from lab {lab.Id}")).Append('\n');
        yaml.Append("introduction: ").Append(Quote(string.Create(
            CultureInfo.InvariantCulture,
            $"The operations of lab {lab.Id}, recorded by MountViz on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC. Replaying them in a fresh lab gives the same mount tables."))).Append('\n');
        if (history.Count > 0 && history[0].Sequence > 1)
        {
            yaml.Append("# The lab's history starts at operation ").Append(history[0].Sequence.ToString(CultureInfo.InvariantCulture))
                .Append(": older operations were dropped, so a replay starts from a different state.\n");
        }

        foreach (string command in skipped)
        {
            yaml.Append("# Left out (refused by MountViz, nothing changed): ").Append(command.ReplaceLineEndings(" ")).Append('\n');
        }

        // Namespaces made through the API rather than a command are not in the history; they
        // are created first, in the lab's order, which is right when they were made before any
        // command (the usual case) and is said here otherwise.
        var missing = lab.Namespaces.Where(n => n.ClonedFrom is not null && !created.Contains(n.Name)).ToList();
        if (missing.Count > 0)
        {
            yaml.Append("# Namespaces created outside the command history (e.g. through the API), created here first:\n");
            yaml.Append("setup:\n  - run:\n");
            foreach (LabNamespaceInfo ns in missing)
            {
                string from = ns.ClonedFrom == LabInfo.BaseNamespace ? "" : $" --from {ns.ClonedFrom}";
                yaml.Append("      - ").Append(Quote($"unshare -m --propagation {(ns.Propagation ?? NamespacePropagation.Unchanged).ToWord()}{from} {ns.Name}")).Append('\n');
            }
        }

        yaml.Append("steps:\n").Append(steps);
        return yaml.ToString();
    }

    // A YAML double-quoted scalar.
    private static string Quote(string text) => JsonSerializer.Serialize(text, QuoteOptions);
}
