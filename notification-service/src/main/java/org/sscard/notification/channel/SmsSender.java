package org.sscard.notification.channel;

/** The SMS channel; replace the default {@link SmsOutboxSender} with a gateway adapter. */
public interface SmsSender extends ChannelSender {
    @Override
    default String channel() {
        return "SMS";
    }
}
