import Foundation

/// The text of a new domain's files, made from a template domain's.
enum DomainTemplate {
    /// The template's YAML with its leading comment replaced by editing notes and its `name:` set.
    static func yaml(from template: String, name: String, template templateName: String) -> String {
        var lines = template.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Drop the template's own header comment; its comments inside the file stay as guidance.
        while let first = lines.first, first.hasPrefix("#") || first.trimmingCharacters(in: .whitespaces).isEmpty {
            lines.removeFirst()
        }
        lines = lines.map { line in
            if line.hasPrefix("name:") { return "name: \(name)" }
            if line.hasPrefix("description:") {
                return "# What this domain covers; it is put into every prompt. Edit it first.\n" + line
            }
            return line
        }
        let header = """
            # Domain "\(name)", made by `hinbox domains init \(name) --from \(templateName)`. Edit it, then run
            # `hinbox process <dir> --domain \(name)`.
            #
            # - entity_types: person, organization, location and event (leave one out to skip it). Under
            #   each, `guidance` goes into the extraction prompt, `types` and `tags` are the exact values
            #   the model may return (key: description shown to it). Keep an `other` type in each list.
            # - relevance (optional): what an on-topic article is about; others are stored as irrelevant
            #   and not extracted (prompts/\(name)/relevance.md words the check).
            # - resolution (optional): per-type merge thresholds and equivalence_groups, names that mean
            #   the same entity ("Pentagon" = "Department of Defense").
            # - Prompts: prompts/\(name)/*.md override prompts/*.md for this domain (see prompts/README.md).


            """
        return header + lines.joined(separator: "\n")
    }

    static func promptsReadme(name: String, template: String) -> String {
        """
        # Prompts of domain "\(name)"

        Copied from domain "\(template)" by `hinbox domains init`. Each `<name>.md` here overrides
        `prompts/<name>.md` for this domain; delete a file to use the shared one again. Placeholders
        such as `{{domain_description}}` are listed in prompts/README.md.

        """
    }
}
