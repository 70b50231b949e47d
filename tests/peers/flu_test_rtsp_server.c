/* flu-test-rtsp-server: a real RTSP server (GStreamer's RTSP server library)
 * for the rtsp-producer's tests. It serves one gst-launch line, which must
 * end in RTP payloaders named pay0, pay1..., at rtsp://127.0.0.1:PORT/MOUNT,
 * shared between clients, and prints "ready rtsp://..." on standard output
 * once it listens. PORT 0 takes a free port (the line says which).
 *
 *   flu-test-rtsp-server PORT MOUNT 'LAUNCH LINE' [USER:PASSWORD]
 *
 * With USER:PASSWORD, only a client giving them (HTTP Basic) gets the
 * stream; any other gets 401 Unauthorized.
 *
 * It runs until killed. A client's transport (UDP or TCP) is the client's
 * choice: each SETUP prints "transport " and the client's Transport header,
 * so a test can tell which one it used. */
#include <gst/gst.h>
#include <gst/rtsp-server/rtsp-server.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_setup(GstRTSPClient *client, GstRTSPContext *ctx, gpointer data) {
  (void)client;
  (void)data;
  gchar *transport = NULL;
  if (gst_rtsp_message_get_header(ctx->request, GST_RTSP_HDR_TRANSPORT, &transport, 0) ==
      GST_RTSP_OK) {
    printf("transport %s\n", transport);
    fflush(stdout);
  }
}

static void on_client(GstRTSPServer *server, GstRTSPClient *client, gpointer data) {
  (void)server;
  (void)data;
  g_signal_connect(client, "setup-request", G_CALLBACK(on_setup), NULL);
}

int main(int argc, char **argv) {
  gst_init(&argc, &argv);
  if ((argc != 4 && argc != 5) || argv[2][0] != '/' ||
      (argc == 5 && !strchr(argv[4], ':'))) {
    fprintf(stderr,
            "usage: %s PORT /MOUNT 'LAUNCH LINE ending in payloaders pay0...' "
            "[USER:PASSWORD]\n",
            argv[0]);
    return 2;
  }
  GstRTSPServer *server = gst_rtsp_server_new();
  g_object_set(server, "address", "127.0.0.1", "service", argv[1], NULL);
  GstRTSPMediaFactory *factory = gst_rtsp_media_factory_new();
  char *launch = g_strdup_printf("( %s )", argv[3]);
  gst_rtsp_media_factory_set_launch(factory, launch);
  g_free(launch);
  gst_rtsp_media_factory_set_shared(factory, TRUE);
  if (argc == 5) {
    char *user = g_strdup(argv[4]);
    char *password = strchr(user, ':');
    *password++ = '\0';
    GstRTSPAuth *auth = gst_rtsp_auth_new();
    GstRTSPToken *token = gst_rtsp_token_new(GST_RTSP_TOKEN_MEDIA_FACTORY_ROLE,
                                             G_TYPE_STRING, "viewer", NULL);
    char *basic = gst_rtsp_auth_make_basic(user, password);
    gst_rtsp_auth_add_basic(auth, basic, token);
    g_free(basic);
    gst_rtsp_token_unref(token);
    gst_rtsp_server_set_auth(server, auth);
    g_object_unref(auth);
    gst_rtsp_media_factory_add_role(
        factory, "viewer", GST_RTSP_PERM_MEDIA_FACTORY_ACCESS, G_TYPE_BOOLEAN, TRUE,
        GST_RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, G_TYPE_BOOLEAN, TRUE, NULL);
    g_free(user);
  }
  GstRTSPMountPoints *mounts = gst_rtsp_server_get_mount_points(server);
  gst_rtsp_mount_points_add_factory(mounts, argv[2], factory);
  g_object_unref(mounts);
  g_signal_connect(server, "client-connected", G_CALLBACK(on_client), NULL);
  GMainLoop *loop = g_main_loop_new(NULL, FALSE);
  if (gst_rtsp_server_attach(server, NULL) == 0) {
    fprintf(stderr, "cannot listen on 127.0.0.1:%s\n", argv[1]);
    return 1;
  }
  printf("ready rtsp://127.0.0.1:%d%s\n", gst_rtsp_server_get_bound_port(server),
         argv[2]);
  fflush(stdout);
  g_main_loop_run(loop);
  return 0;
}
