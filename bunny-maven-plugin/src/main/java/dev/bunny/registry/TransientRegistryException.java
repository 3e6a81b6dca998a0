package dev.bunny.registry;

/**
 * A registry failure that may pass if tried again: a 5xx answer, a refused or dropped connection,
 * a timeout. The message says what happened and never contains a credential.
 */
public class TransientRegistryException extends Exception {

  private static final long serialVersionUID = 1L;

  public TransientRegistryException(String message) {
    super(message);
  }
}
