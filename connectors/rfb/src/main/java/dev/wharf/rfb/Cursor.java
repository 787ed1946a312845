package dev.wharf.rfb;

/**
 * The pointer's shape as the server draws it (Cursor pseudo-encoding).
 *
 * @param width  in pixels (0 = hide the cursor)
 * @param height in pixels
 * @param hotX   hot spot
 * @param hotY   hot spot
 * @param argb   width × height pixels, row by row; alpha 0 where the mask is clear
 */
public record Cursor(int width, int height, int hotX, int hotY, int[] argb) {
}
