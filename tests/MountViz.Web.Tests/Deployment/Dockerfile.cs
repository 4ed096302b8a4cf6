using System.Text;

namespace MountViz.Web.Tests.Deployment;

/// <summary>A Dockerfile read into stages of instructions: enough to check what it builds, not a full parser.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<Stage> stages) => Stages = stages;

    public IReadOnlyList<Stage> Stages { get; }

    public static Dockerfile Parse(string text)
    {
        var stages = new List<Stage>();
        foreach (string instruction in Instructions(text))
        {
            int space = instruction.IndexOf(' ', StringComparison.Ordinal);
            string keyword = (space < 0 ? instruction : instruction[..space]).ToUpperInvariant();
            string arguments = space < 0 ? string.Empty : instruction[(space + 1)..].Trim();
            if (keyword == "FROM")
            {
                string[] words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                string? name = words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                stages.Add(new Stage(words[0], name));
            }
            else
            {
                Assert.True(stages.Count > 0 || keyword == "ARG", $"'{instruction}' comes before any FROM");
                if (stages.Count > 0)
                {
                    stages[^1].Instructions.Add((keyword, arguments));
                }
            }
        }

        return new Dockerfile(stages);
    }

    /// <summary>Instructions with line continuations joined and comments and blank lines dropped.</summary>
    private static IEnumerable<string> Instructions(string text)
    {
        var current = new StringBuilder();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') || (current.Length == 0 && string.IsNullOrWhiteSpace(line)))
            {
                continue;
            }

            bool continues = line.EndsWith('\\');
            current.Append(continues ? line[..^1] : line).Append(' ');
            if (!continues)
            {
                yield return string.Join(' ', current.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString().Trim();
        }
    }

    internal sealed record Stage(string Image, string? Name)
    {
        public List<(string Keyword, string Arguments)> Instructions { get; } = [];

        public IEnumerable<string> Runs => Instructions.Where(i => i.Keyword == "RUN").Select(i => i.Arguments);
    }
}
