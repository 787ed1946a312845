package dev.wharf.views.edit;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * Syntax colours for YAML and XML as a pure function of the text (computed off the UI thread): style
 * classes {@code hl-key}, {@code hl-string}, {@code hl-number}, {@code hl-comment}, {@code hl-tag},
 * {@code hl-attr}, {@code hl-punct} (edit.css). Regular expressions, like RichTextFX's own demos: good
 * enough to read by, not a parser (the connector's validation is the parser).
 */
final class Highlighting {
    private static final Pattern YAML = Pattern.compile(
            "(?<COMMENT>(?m)(?:^|(?<=\\s))#.*$)"
            + "|(?<KEY>(?m)^\\s*(?:- )?[A-Za-z0-9_./\\-\"']+(?=:(?:\\s|$)))"
            + "|(?<STRING>\"(?:[^\"\\\\\\n]|\\\\.)*\"|'(?:[^'\\n]|'')*')"
            + "|(?<NUMBER>(?<![\\w.\\-])-?\\d+(?:\\.\\d+)?(?![\\w.\\-])|\\b(?:true|false|null)\\b)"
            + "|(?<PUNCT>^---$|[\\[\\]{}]|(?m)^\\s*- )");
    private static final Pattern XML = Pattern.compile(
            "(?<COMMENT><!--[\\s\\S]*?-->)"
            + "|(?<TAG></?[A-Za-z_][\\w:.\\-]*|/?>|<\\?xml|\\?>)"
            + "|(?<ATTR>\\b[A-Za-z_][\\w:.\\-]*(?==))"
            + "|(?<STRING>\"[^\"]*\"|'[^']*')");

    private Highlighting() {
    }

    static StyleSpans<Collection<String>> of(String language, String text) {
        Pattern p = "xml".equals(language) ? XML : YAML;
        Matcher m = p.matcher(text);
        StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
        int last = 0;
        while (m.find()) {
            String style = style(m, "xml".equals(language));
            if (style == null) {
                continue;
            }
            spans.add(List.of(), m.start() - last);
            spans.add(List.of(style), m.end() - m.start());
            last = m.end();
        }
        spans.add(List.of(), text.length() - last);
        return spans.create();
    }

    private static String style(Matcher m, boolean xml) {
        if (m.group("COMMENT") != null) {
            return "hl-comment";
        }
        if (m.group("STRING") != null) {
            return "hl-string";
        }
        if (xml) {
            return m.group("TAG") != null ? "hl-tag" : m.group("ATTR") != null ? "hl-attr" : null;
        }
        if (m.group("KEY") != null) {
            return "hl-key";
        }
        return m.group("NUMBER") != null ? "hl-number" : m.group("PUNCT") != null ? "hl-punct" : null;
    }
}
