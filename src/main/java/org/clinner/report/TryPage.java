package org.clinner.report;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jsoup.nodes.Element;

import java.util.List;

/**
 * The home page of {@code clinner serve}: a text box, the input mode, and the text it sends to
 * {@code POST /v1/annotate} shown back with its mentions highlighted (label and confidence on hover)
 * and listed, as a model card's widget does, for the loaded models, offline.
 */
public final class TryPage {

    private static final String EXAMPLE = "Paciente de 64 años con dolor torácico. Se realizó una coronariografía"
            + " y una ecocardiografía transtorácica; se programa una biopsia hepática guiada por ecografía.";

    private TryPage() {}

    /**
     * Builds the page.
     *
     * @param models what is loaded, in words (e.g. {@code builtin, fp32 on cpu})
     * @param labels the entity labels the models give
     * @param modes the input modes the service offers
     * @param mode the service's default mode
     * @param token whether requests need a bearer token
     * @return the page
     */
    public static HtmlPage build(String models, List<String> labels, List<String> modes, String mode, boolean token) {
        HtmlPage page = new HtmlPage("ClinNER: try the model");
        Element body = page.body();
        body.appendElement("h1").text("ClinNER: try the model");
        Element meta = body.appendElement("p").addClass("meta").text(models + " · ");
        for (String link : List.of("v1/model", "openapi.json", "health", "metrics")) {
            meta.appendElement("a").attr("href", link).text(link);
            meta.appendText(" ");
        }
        ObjectNode colours = JsonNodeFactory.instance.objectNode();
        labels.forEach(label -> colours.put(label, AnnotationPages.colour(label)));
        Element widget = body.appendElement("div").addClass("widget").attr("data-colours", colours.toString());
        form(widget.appendElement("form"), modes, mode, token);
        Element legend = widget.appendElement("div").addClass("legend");
        labels.forEach(label -> legend.appendElement("mark").addClass(AnnotationPages.colour(label)).text(label));
        widget.appendElement("div").addClass("text").addClass("result");
        Element table = widget.appendElement("table").addClass("mentions").attr("hidden", true);
        Element head = table.appendElement("thead").appendElement("tr");
        for (String column : List.of("label", "start", "end", "confidence", "text")) {
            head.appendElement("th").addClass("sortable").text(column);
        }
        table.appendElement("tbody");
        return page;
    }

    private static void form(Element form, List<String> modes, String mode, boolean token) {
        form.appendElement("label").attr("for", "text").text("Text");
        form.appendElement("textarea").id("text").attr("name", "text").attr("spellcheck", "false").text(EXAMPLE);
        Element controls = form.appendElement("div").addClass("controls");
        Element modeLabel = controls.appendElement("label").text("Mode ");
        Element select = modeLabel.appendElement("select").attr("name", "mode");
        for (String value : modes) {
            Element option = select.appendElement("option").attr("value", value).text(value);
            if (value.equals(mode)) {
                option.attr("selected", true);
            }
        }
        Element tokenInput = controls.appendElement("input").attr("name", "token");
        if (token) {
            tokenInput.attr("type", "password").attr("placeholder", "bearer token").attr("autocomplete", "off");
        } else {
            tokenInput.attr("type", "hidden");
        }
        controls.appendElement("button").attr("type", "submit").text("Annotate");
        controls.appendElement("span").addClass("status").attr("role", "status");
    }
}
