package io.jivohub.bench;

import java.nio.charset.StandardCharsets;

/**
 * A chat_accepted as Jivo documents it, about 2 KB, made unique by a client number and a sequence number: a body
 * seen before would take the retry shortcut and not be stored again.
 */
final class Payload {
    /**
     * The body with {@code {client}} and {@code {n}} to fill in; wrk's script fills them in itself.
     *
     * <p>One line of the text block starts in the first column, so the compiler strips no indentation: the body
     * starts with, and has between its fields, the 16 spaces the other lines are indented by. The figures in
     * bench/README.md were measured with exactly this body, those spaces included.
     */
    static final String TEMPLATE = """
                {"event_name":"chat_accepted","widget_id":"3948","user_token":null,\
                "visitor":{"name":"Посетитель {client}-{n}","email":"visitor@example.com","phone":"+14084987855",\
                "description":"Описание клиента, оставленное в форме чата: интересуется доставкой в пункт выдачи, \
просит перезвонить после шести вечера, предпочитает оплату картой при получении заказа","number":"2198","social":{},"chats_count":1},\
                "organization":{"id":"1","name":"Company name"},"status":{"id":"4","title":"contact_later"},\
                "assigned_agent":{"id":1,"email":"agent1@gmail.com","name":"Agent"},\
                "tags":[{"id":"17","title":"Tag example"}],"chat_id":{client}{n},\
                "topic":{"topic_id":3,"title":"Topic_1","parent_id":1},"department":{"id":281,"name":"Sales"},\
                "session":{"geoip":{"region_code":"CA","country":"United States","country_code":"US",\
                "region":"California","city":"San Francisco","latitude":"37.7898","longitude":"-122.3942",\
                "organization":"Wikimedia Foundation"},\
                "utm":"source=google|medium=cpc|content=banner|campaign=campaign_name",\
                "utm_json":{"source":"google","campaign":"campaign_name","content":"banner","medium":"cpc","term":"..."},\
                "ip_addr":"208.80.152.201","user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) \
                AppleWebKit/537.36 (KHTML, like Gecko) Chrome/54.0.2840.71 Safari/537.36"},\
                "page":{"url":"http://example.com/catalog/item?id=12345","title":"Каталог — страница товара"},\
                "analytics":{},"agent":{"id":"2016","name":"Thomas Anderson","email":"agent@jivosite.com",\
                "phone":"+14083682346"}}""";

    private Payload() {
    }

    static byte[] body(long client, long n) {
        return TEMPLATE.replace("{client}", String.valueOf(client))
                .replace("{n}", String.valueOf(n)).getBytes(StandardCharsets.UTF_8);
    }

    /** The top-level {@code chat_id} of {@link #body(long, long) body(client, n)}. */
    static String chatId(long client, long n) {
        return String.valueOf(client) + n;
    }
}
