package dev.wharf.inventory;

import java.util.Optional;

/**
 * Implemented by a {@link ConsoleType#VNC} console stream whose display may ask for a VNC password
 * (a libvirt display reached over the network): the RFB client calls it only when the display asks.
 * The source reads the password from the domain's definition where it may, else asks its
 * {@link CredentialPrompt}. The caller wipes the array after use; nobody stores or logs it.
 */
public interface ConsolePassword {

    /** The display's password, or empty when there is none to give (the user cancelled). */
    Optional<char[]> vncPassword();
}
