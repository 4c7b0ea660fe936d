alter table "public"."entity_bindings_a" drop constraint "entity_type must be A";

alter table "public"."entity_bindings_a" drop constraint "entity_bindings_a_entity_id_entity_type_key";

alter table "public"."entity_bindings_b" drop constraint "entity_type must be B";

alter table "public"."entity_bindings_b" drop constraint "entity_bindings_b_entity_id_entity_type_key";

alter table "public"."entity_bindings_c" drop constraint "entity_type must be C";

alter table "public"."entity_bindings_c" drop constraint "entity_bindings_c_entity_id_entity_type_key";

drop table "public"."entity_bindings_a";

drop table "public"."entity_bindings_b";

drop table "public"."entity_bindings_c";

drop table "public"."entity_bindings";

drop sequence if exists "public"."entity_bindings_id_seq";

create table "public"."t" (
    "id" integer
);
