package dev.wharf.views.topology;

import dev.wharf.icons.WharfIcon;
import dev.wharf.inventory.Item;
import dev.wharf.inventory.State;
import dev.wharf.isolation.Severity;
import dev.wharf.views.model.Counts;
import dev.wharf.views.model.Labels;
import dev.wharf.views.model.ShownKind;
import dev.wharf.views.theme.KindStyle;
import dev.wharf.views.theme.Palette;
import dev.wharf.views.topology.TopologyModel.Cell;
import dev.wharf.views.topology.TopologyModel.Group;
import dev.wharf.views.topology.TopologyModel.GroupType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.ArcType;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * Draws a {@link TopologyModel} on a canvas: group frames (hosts, nodes, the pending lane) with
 * their titles and state pills, workload chips, and at a far zoom counts per group in screen
 * space. It only draws: the viewport, selection and hover come in a {@link Frame}; items are
 * looked up fresh (state-only changes are painted without a relayout).
 */
final class TopologyPainter {
    /**
     * What one paint shows.
     *
     * @param ox        the world x at the canvas's left edge
     * @param oy        the world y at the canvas's top edge
     * @param scale     canvas pixels per world unit
     * @param loaded    whether the first inventory arrived (for the empty text)
     */
    record Frame(TopologyModel model, double ox, double oy, double scale, String selectedId, Set<String> busy,
                 Item hovered, boolean loaded) {
    }

    private final Function<String, Optional<Item>> items;
    /** The worst isolation finding naming each item (issue 10's analysis); empty until a report is ready. */
    private Map<String, Severity> findings = Map.of();
    /** Usage colouring and the far-zoom CPU line; null for none. */
    private ChipTint tint;
    /** The multi-selection's other items, drawn selected like the primary. */
    private Set<String> alsoSelected = Set.of();
    private final Font fontName;
    private final Font fontTitle;
    private final Font fontSmall;
    private final Font fontSmallBold;
    private final String family;
    private final TextFitter fitter = new TextFitter();
    private final IconImages icons = new IconImages();
    private final Set<String> parents = new HashSet<>();
    private TopologyModel parentsOf;
    private Palette palette = Palette.LIGHT;
    // the frame being painted
    private TopologyModel model = TopologyModel.EMPTY;
    private double ox;
    private double oy;
    private double scale = 1;

    /** @param items the newest version of an item by id */
    TopologyPainter(Function<String, Optional<Item>> items) {
        this.items = items;
        family = Font.getDefault().getFamily();
        fontName = Font.font(family, FontWeight.NORMAL, NAME_FONT_SIZE);
        fontTitle = Font.font(family, FontWeight.BOLD, 13);
        fontSmall = Font.font(family, FontWeight.NORMAL, 10.5);
        fontSmallBold = Font.font(family, FontWeight.BOLD, 10.5);
    }

    void setPalette(Palette p) {
        palette = p;
    }

    void setTint(ChipTint t) {
        tint = t;
    }

    void setAlsoSelected(Set<String> ids) {
        alsoSelected = ids;
    }

    void setFindings(Map<String, Severity> worstByItem) {
        findings = worstByItem == null ? Map.of() : worstByItem;
    }

    /**
     * The finding badge an item's chip carries: the worst severity of the findings that name it,
     * from low up (info findings are about nodes, not a reason to mark a workload); null for none.
     */
    Severity findingBadge(String itemId) {
        Severity s = findings.get(itemId);
        return s == null || !s.atLeast(Severity.LOW) ? null : s;
    }

    private static Color severityColor(Severity s) {
        return switch (s) {
            case CRITICAL -> Color.web("#d1242f");
            case HIGH -> Color.web("#e16f24");
            case MEDIUM -> Color.web("#bf8700");
            default -> Color.web("#546e7a"); // low: slate, as in the Isolation view (blue is "pending")
        };
    }

    Palette palette() {
        return palette;
    }

    /**
     * Paints {@code frame} on a canvas of {@code w × h} pixels: the groups and cells inside the
     * viewport, or counts per group at a far zoom.
     */
    void paint(GraphicsContext gc, double w, double h, Frame frame) {
        model = frame.model();
        ox = frame.ox();
        oy = frame.oy();
        scale = frame.scale();
        if (model != parentsOf) {
            parentsOf = model;
            parents.clear();
            for (Group g : model.groups()) {
                if (g.parentId() != null) {
                    parents.add(g.parentId());
                }
            }
        }
        gc.setTransform(1, 0, 0, 1, 0, 0);
        gc.setFill(palette.background());
        gc.fillRect(0, 0, w, h);
        if (model.groups().isEmpty()) {
            gc.setFill(palette.muted());
            gc.setFont(fontTitle);
            gc.setTextAlign(TextAlignment.CENTER);
            gc.setTextBaseline(VPos.CENTER);
            gc.fillText(frame.loaded() ? "Nothing matches the filter" : "Waiting for the first inventory…",
                    w / 2, h / 2);
            gc.setTextAlign(TextAlignment.LEFT);
            return;
        }
        gc.setTransform(scale, 0, 0, scale, -ox * scale, -oy * scale);
        double vx = ox;
        double vy = oy;
        double vw = w / scale;
        double vh = h / scale;
        boolean far = scale < TopologyView.FAR_SCALE;
        String sel = frame.selectedId();
        Set<String> busy = frame.busy();
        Item hovered = frame.hovered();
        List<Group> farGroups = new ArrayList<>();
        gc.setTextBaseline(VPos.CENTER);
        for (Group g : model.groups()) {
            if (!g.intersects(vx, vy, vw, vh)) {
                continue;
            }
            drawGroupFrame(gc, g, sel, far);
            if (g.collapsed()) {
                continue;
            }
            if (far) {
                farGroups.add(g);
                continue;
            }
            for (Cell c : g.cells()) {
                if (c.x() < vx + vw && c.x() + c.w() > vx && c.y() < vy + vh && c.y() + c.h() > vy) {
                    drawCell(gc, c, c.item().id().equals(sel) || alsoSelected.contains(c.item().id()), busy.contains(c.item().id()),
                            hovered != null && hovered.id().equals(c.item().id()));
                }
            }
        }
        gc.setTransform(1, 0, 0, 1, 0, 0);
        for (Group g : farGroups) {
            drawFarLabels(gc, g);
        }
    }

    /** At a far zoom: name, a state bar and counts per kind and state, in screen pixels (crisp and cheap). */
    private void drawFarLabels(GraphicsContext gc, Group g) {
        double sx = (g.x() - ox) * scale;
        double sy = (g.y() - oy) * scale;
        double sw = g.w() * scale;
        double sh = g.h() * scale;
        boolean nested = g.type() == GroupType.HOST && hasChildGroups(g);
        if (sw < 48 || sh < 14 || nested && TopologyLayout.HEADER * scale < 16) {
            return;
        }
        double x = sx + 6;
        double w = sw - 12;
        gc.setTextBaseline(VPos.TOP);
        gc.setFont(fontSmallBold);
        gc.setFill(g.item() == null ? palette.muted() : palette.text());
        double dot = g.item() == null ? 0 : 9;
        if (g.item() != null) {
            gc.setFill(palette.state(g.item().state()));
            gc.fillOval(x, sy + 6, 6, 6);
            gc.setFill(palette.text());
        }
        gc.fillText(fitter.fit(g.title(), fontSmallBold, w - dot), x + dot, sy + 3);
        if (nested) {
            gc.setTextBaseline(VPos.CENTER);
            return;
        }
        Counts counts = g.counts();
        double y = sy + 19;
        if (counts.total() > 0 && y + 5 < sy + sh) {
            double bx = x;
            for (State st : State.values()) {
                int n = counts.state(st);
                if (n == 0) {
                    continue;
                }
                double part = w * n / counts.total();
                gc.setFill(palette.state(st));
                gc.fillRect(bx, y, part, 5);
                bx += part;
            }
            y += 9;
        }
        gc.setFont(fontSmall);
        gc.setFill(palette.text());
        for (ShownKind kind : ShownKind.values()) {
            int n = counts.kind(kind);
            if (n > 0 && y + 13 < sy + sh) {
                gc.fillText(fitter.fit(n + " " + Labels.kind(kind, n), fontSmall, w), x, y);
                y += 13;
            }
        }
        String extra = tint == null || g.item() == null ? null : tint.farLine(g.id());
        if (extra != null && y + 13 < sy + sh) {
            gc.fillText(fitter.fit(extra, fontSmall, w), x, y);
            y += 13;
        }
        gc.setFill(palette.muted());
        for (State st : State.values()) {
            int n = counts.state(st);
            if (n > 0 && st != State.RUNNING && y + 13 < sy + sh) {
                gc.setFill(palette.state(st));
                gc.fillText(fitter.fit(n + " " + Labels.state(st).toLowerCase(java.util.Locale.ROOT), fontSmall, w), x, y);
                y += 13;
            }
        }
        gc.setTextBaseline(VPos.CENTER);
    }

    private boolean hasChildGroups(Group host) {
        return parents.contains(host.id());
    }

    private void drawGroupFrame(GraphicsContext gc, Group g, String sel, boolean far) {
        Item gi = g.item() == null ? null : items.apply(g.id()).orElse(g.item());
        double r = g.type() == GroupType.HOST ? 6 : 12;
        boolean lane = g.item() == null;
        Color fill = g.type() == GroupType.HOST ? palette.hostFill() : lane ? palette.background() : palette.nodeFill();
        Color stroke = g.type() == GroupType.HOST ? palette.hostStroke() : lane ? palette.laneStroke() : palette.nodeStroke();
        boolean selected = gi != null && (g.id().equals(sel) || alsoSelected.contains(g.id()));
        boolean stale = gi != null && gi.stale();
        Color heat = tint == null || gi == null || g.type() == GroupType.HOST ? null : tint.fill(g.id(), palette);
        fill = heat != null ? heat : fill;
        gc.setGlobalAlpha(stale ? 0.6 : 1);
        gc.setFill(selected ? palette.accentFill() : fill);
        gc.fillRoundRect(g.x(), g.y(), g.w(), g.h(), r, r);
        gc.setStroke(selected ? palette.accent() : stroke);
        gc.setLineWidth((selected ? 2.5 : g.type() == GroupType.HOST ? 1.6 : 1) / Math.min(1, scale));
        if (lane || stale) {
            gc.setLineDashes(6 / Math.min(1, scale), 4 / Math.min(1, scale));
        }
        gc.strokeRoundRect(g.x(), g.y(), g.w(), g.h(), r, r);
        gc.setLineDashes((double[]) null);
        if (g.type() == GroupType.HOST) {
            // a host's title bar is a band, so hosts and nodes differ in shape as well as icon
            gc.setFill(palette.grid());
            gc.fillRoundRect(g.x() + 1, g.y() + 1, g.w() - 2, TopologyLayout.HEADER - 6, r, r);
        }
        if (far) {
            gc.setGlobalAlpha(1);
            return; // labels are drawn in screen space, see drawFarLabels
        }
        double k = 1;
        double cy = g.y() + 20;
        // chevron
        gc.setFill(palette.muted());
        double chx = g.x() + 9;
        if (!far) {
            if (g.collapsed()) {
                gc.fillPolygon(new double[] {chx, chx + 7, chx}, new double[] {cy - 5, cy, cy + 5}, 3);
            } else {
                gc.fillPolygon(new double[] {chx - 1, chx + 9, chx + 4}, new double[] {cy - 3, cy - 3, cy + 3}, 3);
            }
        }
        double ix = g.x() + (far ? 10 : TopologyLayout.TOGGLE_W + 2);
        if (gi != null) {
            drawIcon(gc, KindStyle.icon(gi.kind()), ix, cy - 9 * k, 18 * k, palette.kind(gi.kind()));
        } else {
            drawIcon(gc, g.type() == GroupType.STOPPED ? WharfIcon.VM : WharfIcon.PENDING, ix, cy - 9 * k, 18 * k,
                    palette.muted());
        }
        double tx = ix + 24 * k;
        gc.setFill(palette.text());
        gc.setFont(far ? Font.font(family, FontWeight.BOLD, 13 * k) : fontTitle);
        double right = g.x() + g.w() - 10;
        Item carrier = g.carrier() == null ? null : items.apply(g.carrier().id()).orElse(g.carrier());
        State pillState = gi == null ? null : frameState(gi, carrier);
        String stateText = gi == null ? null : frameStateText(gi, carrier);
        double stateW = stateText == null || far ? 0 : fitter.width(stateText, fontSmallBold) + 24;
        gc.fillText(far ? fit(g.title(), (right - stateW - tx) / k, 7.4)
                : fitter.fit(g.title(), fontTitle, right - stateW - tx - 6), tx, far ? cy : cy - 6);
        if (!far) {
            gc.setFont(fontSmall);
            gc.setFill(palette.muted());
            gc.fillText(fitter.fit(subtitle(g), fontSmall, right - tx), tx, cy + 9);
            if (stateText != null) {
                drawStatePill(gc, pillState, stateText, right - stateW, cy - 14, stateW);
            }
        }
        gc.setGlobalAlpha(1);
    }

    /**
     * The state a frame's pill shows: a node whose VM is not running says so (a shut-off domain
     * leaves its node "Unknown", which tells nothing); else the item's own state.
     */
    static State frameState(Item node, Item carrier) {
        return vmIsDown(carrier) ? carrier.state() : node.state();
    }

    static String frameStateText(Item node, Item carrier) {
        if (vmIsDown(carrier)) {
            return carrier.state() == State.STOPPED ? "VM off" : "VM " + Labels.state(carrier.state()).toLowerCase(java.util.Locale.ROOT);
        }
        return Labels.state(node.state());
    }

    private static boolean vmIsDown(Item carrier) {
        return carrier != null && carrier.state() != State.RUNNING && carrier.state() != State.MIGRATING;
    }

    private String subtitle(Group g) {
        StringBuilder b = new StringBuilder();
        if (g.type() == GroupType.NODE) {
            Item carrier = g.carrier() == null ? null : items.apply(g.carrier().id()).orElse(g.carrier());
            if (carrier != null) {
                b.append("VM ").append(carrier.name());
                if (vmIsDown(carrier)) {
                    b.append(carrier.state() == State.STOPPED ? " is off" : " is " + Labels.state(carrier.state())
                            .toLowerCase(java.util.Locale.ROOT));
                }
                if (g.parentId() == null && g.carrier().on() != null) {
                    b.append(" on ").append(items.apply(g.carrier().on()).map(Item::name).orElse("?"));
                }
            } else if (g.parentId() == null) {
                b.append(Labels.placement(g.item())); // bare metal only with evidence
            } else {
                b.append("VM");
            }
        } else if (g.type() == GroupType.HOST) {
            b.append(g.item().runtime() == null ? "host" : g.item().runtime());
        } else if (g.type() == GroupType.STOPPED) {
            b.append("off, on no node or host");
        } else {
            b.append("waiting for a node or host");
        }
        if (g.counts().total() > 0) {
            b.append(" · ").append(g.counts().kindSummary());
        }
        return b.toString();
    }

    private void drawStatePill(GraphicsContext gc, State s, String text, double x, double y, double w) {
        Color c = palette.state(s);
        gc.setFill(c.deriveColor(0, 1, 1, palette.dark() ? 0.22 : 0.13));
        gc.fillRoundRect(x, y, w, 18, 18, 18);
        gc.setFill(c);
        gc.fillOval(x + 7, y + 6, 6, 6);
        gc.setFont(fontSmallBold);
        gc.fillText(text, x + 17, y + 9.5);
    }

    private void drawCell(GraphicsContext gc, Cell c, boolean selected, boolean busy, boolean hover) {
        Item i = items.apply(c.item().id()).orElse(c.item()); // newest version: state-only changes skip the relayout
        double x = c.x();
        double y = c.y();
        double w = c.w();
        double h = c.h();
        Color stateColor = palette.state(i.state());
        gc.setGlobalAlpha(i.stale() ? 0.55 : 1);
        ShownKind shown = ShownKind.of(i);
        KindStyle.Shape shape = KindStyle.shape(shown);
        double r = switch (shape) {
            case PILL -> h;
            case ROUNDED -> 10;
            default -> 2;
        };
        Color heat = tint == null ? null : tint.fill(i.id(), palette);
        gc.setFill(selected ? palette.accentFill() : hover ? palette.cellHover() : heat != null ? heat : palette.cellFill());
        gc.fillRoundRect(x, y, w, h, r, r);
        gc.setStroke(selected ? palette.accent() : palette.cellStroke());
        gc.setLineWidth(selected ? 2 : 1);
        if (i.stale()) {
            gc.setLineDashes(4, 3);
        }
        gc.strokeRoundRect(x, y, w, h, r, r);
        gc.setLineDashes((double[]) null);
        // state marker: a bar for VMs, a dot inset for rounded shapes
        gc.setFill(stateColor);
        double left;
        if (shape == KindStyle.Shape.SQUARE) {
            gc.fillRect(x + 1, y + 1, 4, h - 2);
            gc.fillRect(x + 7, y + 1, 1.5, h - 2);
            left = x + 13;
        } else if (shape == KindStyle.Shape.PILL) {
            gc.fillOval(x + 9, y + h / 2 - 4, 8, 8);
            left = x + 22;
        } else {
            gc.fillRoundRect(x + 5, y + 6, 4, h - 12, 4, 4);
            left = x + 14;
        }
        // kind glyph, or a spinner while an action runs
        if (busy) {
            gc.setStroke(palette.accent());
            gc.setLineWidth(2);
            double a = (System.nanoTime() / 3_000_000L) % 360;
            gc.strokeArc(left + 1, y + h / 2 - 7, 14, 14, -a, 270, ArcType.OPEN);
        } else {
            drawIcon(gc, KindStyle.icon(shown), left, y + h / 2 - 8, 16, palette.kind(shown));
        }
        double nameX = left + 21;
        double badgeW = i.isolation() == null ? 0 : BADGE_W;
        double right = x + w - 8;
        // the name matters most: the state label shows where it fits beside the whole name, else
        // a short label, else a coloured dot (the hover card and details say the rest)
        String stateText = busy ? "…" : i.state() == State.RUNNING ? "" : Labels.state(i.state());
        double nameRoom = right - badgeW - nameX - 2;
        double nameW = fitter.width(i.name(), fontName);
        double stateW = stateText.isEmpty() ? 0 : fitter.width(stateText, fontSmallBold) + 8;
        boolean dotOnly = false;
        if (stateW > 0 && nameW + stateW > nameRoom) {
            String shortText = Labels.shortState(i.state());
            double shortW = fitter.width(shortText, fontSmallBold) + 8;
            if (!busy && nameW + shortW <= nameRoom) {
                stateText = shortText;
                stateW = shortW;
            } else if (!busy) {
                stateText = "";
                stateW = 10;
                dotOnly = true;
            }
        }
        gc.setFont(fontName);
        gc.setFill(palette.text());
        gc.fillText(fitter.fit(i.name(), fontName, nameRoom - stateW), nameX, y + h / 2);
        if (dotOnly) {
            gc.setFill(stateColor);
            gc.fillOval(right - badgeW - 7, y + h / 2 - 3, 6, 6);
        } else if (!stateText.isEmpty()) {
            gc.setFont(fontSmallBold);
            gc.setFill(busy ? palette.accent() : stateColor);
            gc.setTextAlign(TextAlignment.RIGHT);
            gc.fillText(stateText, right - badgeW, y + h / 2);
            gc.setTextAlign(TextAlignment.LEFT);
        }
        if (i.isolation() != null) {
            WharfIcon badge = i.state() == State.MIGRATING ? WharfIcon.MIGRATING : KindStyle.badge(i.isolation());
            Color bc = i.state() == State.MIGRATING ? stateColor : palette.isolation(i.isolation());
            drawIcon(gc, badge, right - 13, y + h / 2 - 6.5, 13, bc);
        }
        Severity finding = findingBadge(i.id());
        if (finding != null) {
            // a dot on the chip's top-right corner, ringed so it reads on any fill; the hover card,
            // the details and the Isolation view say which finding
            gc.setFill(palette.background());
            gc.fillOval(x + w - 9, y - 3, 12, 12);
            gc.setFill(severityColor(finding));
            gc.fillOval(x + w - 7.5, y - 1.5, 9, 9);
        }
        gc.setGlobalAlpha(1);
    }

    private static final double BADGE_W = 18;
    /** The size of a chip's name at 100 %. */
    static final double NAME_FONT_SIZE = 12;

    /**
     * The room a chip of width {@code w} leaves for the name when nothing else (no state label)
     * is drawn: the widest chrome is a pill's state dot and the kind glyph on the left, the
     * isolation badge on the right.
     */
    static double nameRoom(double w, boolean badge) {
        return w - 22 - 21 - 8 - 2 - (badge ? BADGE_W : 0);
    }

    private void drawIcon(GraphicsContext gc, WharfIcon icon, double x, double y, double size, Color c) {
        javafx.scene.image.Image img = icons.get(icon, c);
        // the snapshot's bounds are the glyph's own; centre it in the size x size box
        double k = size / WharfIcon.GRID / (img.getWidth() > 0 ? 36 / WharfIcon.GRID : 1);
        double w = img.getWidth() * k;
        double h = img.getHeight() * k;
        gc.drawImage(img, x + (size - w) / 2, y + (size - h) / 2, w, h);
    }

    /** Cuts {@code s} to about {@code width} pixels at {@code charW} per character. */
    private static String fit(String s, double width, double charW) {
        int max = (int) (width / charW);
        if (max <= 1) {
            return max == 1 ? "…" : "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
