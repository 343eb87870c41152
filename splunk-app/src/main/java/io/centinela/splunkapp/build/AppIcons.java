package io.centinela.splunkapp.build;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Draws the four icons Splunk wants (appIcon 36x36 and 72x72, appIconAlt 36x36 and 72x72): a watchtower-like shield
 * with an eye. The Alt icons are the light-on-dark variant Splunk shows on dark backgrounds.
 */
public final class AppIcons {

    /** File name -> edge length in pixels, as Splunk and AppInspect expect them. */
    public static final java.util.Map<String, Integer> SIZES = java.util.Map.of(
            "appIcon.png", 36, "appIcon_2x.png", 72, "appIconAlt.png", 36, "appIconAlt_2x.png", 72);

    private static final Color NAVY = new Color(0x1F, 0x4E, 0x79);
    private static final Color AMBER = new Color(0xF2, 0xA9, 0x00);
    private static final Color WHITE = Color.WHITE;

    private AppIcons() {
    }

    public static void writeAll(Path staticDir) throws IOException {
        Files.createDirectories(staticDir);
        for (var e : SIZES.entrySet()) {
            boolean alt = e.getKey().startsWith("appIconAlt");
            ImageIO.write(draw(e.getValue(), alt), "png", staticDir.resolve(e.getKey()).toFile());
        }
    }

    static BufferedImage draw(int size, boolean alt) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            double s = size / 36.0;
            Color background = alt ? WHITE : NAVY;
            Color ink = alt ? NAVY : WHITE;
            g.setColor(background);
            g.fill(new RoundRectangle2D.Double(0, 0, size, size, 8 * s, 8 * s));
            // Shield outline.
            Path2D shield = new Path2D.Double();
            shield.moveTo(18 * s, 4 * s);
            shield.lineTo(30 * s, 9 * s);
            shield.curveTo(30 * s, 21 * s, 25 * s, 28 * s, 18 * s, 32 * s);
            shield.curveTo(11 * s, 28 * s, 6 * s, 21 * s, 6 * s, 9 * s);
            shield.closePath();
            g.setColor(ink);
            g.setStroke(new BasicStroke((float) (2.2 * s)));
            g.draw(shield);
            // Eye: almond plus amber iris.
            Path2D eye = new Path2D.Double();
            eye.moveTo(11 * s, 17 * s);
            eye.quadTo(18 * s, 10 * s, 25 * s, 17 * s);
            eye.quadTo(18 * s, 24 * s, 11 * s, 17 * s);
            eye.closePath();
            g.fill(eye);
            g.setColor(AMBER);
            g.fillOval((int) Math.round(15 * s), (int) Math.round(14 * s), (int) Math.round(6 * s), (int) Math.round(6 * s));
        } finally {
            g.dispose();
        }
        return img;
    }
}
