using System.Text.Json;
using System.Text.Json.Serialization;
using MountViz.Core.Json;

namespace MountViz.Web.Api;

/// <summary>The JSON settings of the API and the hub: those of <see cref="MountJson"/>, enums as camelCase strings.</summary>
internal static class ApiJson
{
    /// <summary>Applies <see cref="MountJson.Options"/>' conventions to <paramref name="options"/> (which starts from the web defaults: camelCase).</summary>
    public static void Apply(JsonSerializerOptions options, bool indented)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = MountJson.Options.PropertyNamingPolicy;
        options.PropertyNameCaseInsensitive = MountJson.Options.PropertyNameCaseInsensitive;
        options.DefaultIgnoreCondition = MountJson.Options.DefaultIgnoreCondition;
        options.Encoder = MountJson.Options.Encoder;
        options.NumberHandling = MountJson.Options.NumberHandling;
        options.WriteIndented = indented;

        // A field nobody reads is a mistake the caller wants to hear about ("cmd" for "command").
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        if (!options.Converters.Any(c => c is JsonStringEnumConverter))
        {
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        }
    }
}
